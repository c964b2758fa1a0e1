"""Adapters that plug the product into other frameworks (``qa.integrations.langchain``)."""
