"""Embedding and index building: encoders, passages, and the on-disk index."""
