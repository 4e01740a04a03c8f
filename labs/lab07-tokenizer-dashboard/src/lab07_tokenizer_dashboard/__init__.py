"""Lab 07: a tokenizer dashboard.

- ``offsets``: byte-level alphabet, byte and character spans that tile the text (tasks 1-2)
- ``registry``: the tokenizers (cl100k_base offline, three trained here, hub ones when reachable)
- ``costs``: token counts and cost per model (task 3)
- ``render``: coloured token spans as HTML (task 4)
- ``analysis``: everything the page shows for one text (task 5)
- ``app``: the Gradio app and ``tokenizer-dashboard``; ``report``: ``tokenizer-report``
"""
