"""Index: generations on disk, the incremental build, BM25, embedders."""
