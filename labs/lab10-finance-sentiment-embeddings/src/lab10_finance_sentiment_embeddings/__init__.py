"""Lab 10: financial sentiment with fine-tuned sentence embeddings."""
