"""Text: normalisation, numbers, jieba segmentation."""
