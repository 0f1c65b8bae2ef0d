"""The site build's handling of executed notebooks (the site itself is checked in tests/browser/test_site.py)."""

import nbformat


def test_the_site_drops_progress_bars_and_keeps_the_explorers():
    from course_tools.site import WIDGET_STATE, WIDGET_VIEW, without_progress_bars

    def model(name, **state):
        return {"model_name": name, "state": state}

    state = {
        "bar": model("HBoxModel", children=["IPY_MODEL_p", "IPY_MODEL_t"]),
        "p": model("FloatProgressModel"),
        "t": model("HTMLModel"),
        "explorer": model("VBoxModel", children=["IPY_MODEL_s"]),
        "s": model("FloatSliderModel"),
    }
    nb = nbformat.v4.new_notebook(metadata={"widgets": {WIDGET_STATE: {"state": state}}})
    view = {"output_type": "display_data", "metadata": {}}
    cell = nbformat.v4.new_code_cell("fit(...)")
    cell.outputs = [
        nbformat.from_dict({**view, "data": {WIDGET_VIEW: {"model_id": "bar"}}}),
        nbformat.from_dict({**view, "data": {WIDGET_VIEW: {"model_id": "explorer"}}}),
        nbformat.v4.new_output("stream", text="done"),
    ]
    nb.cells = [cell]
    kept = without_progress_bars(nb).cells[0].outputs
    assert [o.get("data", {}).get(WIDGET_VIEW, {}).get("model_id", o.get("text")) for o in kept] == ["explorer", "done"]
