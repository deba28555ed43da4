"""The HTTP service: a FastAPI app factory over the knowledge base."""
