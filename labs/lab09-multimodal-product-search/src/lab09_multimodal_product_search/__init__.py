"""Lab 09: multimodal product search with CLIP embeddings and a persistent Chroma index.

Modules, in the order the pipeline uses them: ``catalogue`` (held-out products, their images and
which ones look alike), ``embeddings`` (CLIP text and image vectors), ``loss`` (the symmetric
contrastive loss CLIP is trained with), ``store`` (Chroma), ``metrics`` (recall@k),
``zero_shot`` (categories from prompts), ``evaluate`` and ``cli`` (the two commands).
"""
