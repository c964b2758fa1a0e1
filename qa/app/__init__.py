"""Entry points: the command line and the Gradio web UI."""
