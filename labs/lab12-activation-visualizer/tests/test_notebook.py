"""Public check: the notebook runs headless and writes its figures."""

from lab12_activation_visualizer.notebook import FIGURES, NOTEBOOK, execute_notebook, png_size


def test_notebook_runs_headless(tmp_path):
    execute_notebook(NOTEBOOK, tmp_path, timeout=200)
    for name in FIGURES:
        width, height = png_size(tmp_path / name)
        assert width >= 400 and height >= 300
        assert (tmp_path / name).stat().st_size > 10_000
