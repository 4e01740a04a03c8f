"""Lab 12: activation functions and their gradients.

``activations``: the functions, their analytic derivatives, central differences and GELU;
``gradient_flow``: mean gradient norm per layer of a deep MLP; ``notebook``: running the lab's
notebook headless and checking its PNGs; ``figures``: the ``activation-figures`` command.
"""
