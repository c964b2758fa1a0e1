"""Corpus: loading files, the journal article, the catalog, chunking."""
