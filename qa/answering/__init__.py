"""Answering: understand the question, retrieve, compose, refuse, optional LLM wording."""
