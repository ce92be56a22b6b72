"""AppTest: the Playground page as a script, driven through its widgets and session state."""

import pytest
from apptest_app import open_app


def counter(at):
    return next(m.value for m in at.markdown if m.value.startswith("**Epoch"))


def button(at, label):
    return next(b for b in at.button if b.label == label)


def test_page_loads_with_the_four_buttons_and_a_counter():
    at = open_app()
    assert not at.exception
    assert [b.label for b in at.button][:4] == ["Train", "Pause", "Step", "Reset"]
    assert counter(at).startswith("**Epoch 0 / 100** · step 0")


def test_train_step_reset_change_the_counter_and_the_chart():
    at = open_app()
    button(at, "Train").click().run()
    assert not at.exception and counter(at).startswith("**Epoch 100 / 100** · step 500")
    assert at.session_state.run.view == "play" and len(at.session_state.run.snaps) == 101
    button(at, "Reset").click().run()
    assert counter(at).startswith("**Epoch 0 / 100** · step 0")
    button(at, "Step").click().run()
    assert counter(at).startswith("**Epoch 0 / 100** · step 1")
    assert any(h.value.startswith("Step 1: a batch of 32 samples") for h in at.subheader)
    assert at.session_state.run.view == "step"


def test_pause_without_a_replay_keeps_the_state():
    at = open_app()
    button(at, "Step").click().run()
    button(at, "Pause").click().run()
    assert not at.exception and counter(at).startswith("**Epoch 0 / 100** · step 1")


@pytest.mark.parametrize(
    ("label", "kind", "value", "field"),
    [
        ("Data set", "selectbox", "circles", "dataset"),
        ("Samples", "slider", 300, "samples"),
        ("Noise", "slider", 0.5, "noise"),
        ("Test fraction", "slider", 0.1, "test_fraction"),
        ("Seed", "number_input", 7, "seed"),
        ("Standardize", "toggle", False, "standardize"),
        ("Polynomial degree", "slider", 3, "degree"),
        ("Learning rate", "select_slider", 0.03, "learning_rate"),
        ("Batch size", "slider", 8, "batch_size"),
        ("Epochs", "slider", 20, "epochs"),
        ("Optimizer", "radio", "adam", "optimizer"),
        ("L2 penalty", "select_slider", 0.01, "l2"),
        ("L1 penalty", "select_slider", 0.001, "l1"),
    ],
)
def test_each_control_changes_its_setting_the_url_and_resets_the_run(label, kind, value, field):
    at = open_app()
    button(at, "Train").click().run()
    widget = next(w for w in getattr(at.sidebar, kind) if w.label == label)
    widget.set_value(value).run()
    assert not at.exception
    assert getattr(at.session_state.settings, field) == value
    text = str(value).lower() if isinstance(value, bool) else f"{value:g}" if isinstance(value, float) else str(value)
    assert at.query_params[field] in (text, [text])
    assert at.session_state.run.trainer.state.epoch == 0  # new settings, new run


def test_url_parameters_open_the_same_experiment():
    at = open_app(dataset="blobs", centers="4", learning_rate="0.3", epochs="30", optimizer="momentum")
    s = at.session_state.settings
    assert (s.dataset, s.centers, s.learning_rate, s.epochs, s.optimizer) == ("blobs", 4, 0.3, 30, "momentum")
    assert not at.warning
    button(at, "Train").click().run()
    assert not at.exception and at.session_state.run.trainer.state.W.shape == (2, 4)  # softmax, one column a class


def test_bad_url_values_fall_back_with_a_visible_note():
    at = open_app(learning_rate="abc", epochs="-5", bogus="1", seed="3")
    assert not at.exception
    notes = " ".join(w.value for w in at.warning)
    assert (
        "learning_rate = ` abc ` is invalid" in notes and "epochs = ` -5 ` is invalid" in notes and "` bogus `" in notes
    )
    s = at.session_state.settings
    assert (s.learning_rate, s.epochs, s.seed) == (0.1, 100, 3)
    button(at, "Train").click().run()
    assert not at.exception


def test_threshold_moves_metrics_without_retraining():
    at = open_app()
    button(at, "Train").click().run()
    state = at.session_state.run.trainer.state
    at.slider(key="threshold").set_value(0.9).run()
    assert not at.exception and at.session_state.run.trainer.state is state


def test_divergence_shows_the_trainers_explanation():
    at = open_app(standardize="false", learning_rate="1000")
    button(at, "Train").click().run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "Training stopped" in errors and "learning rate 1000 is too high" in errors


def test_separable_data_explain_growing_weights():
    at = open_app(dataset="linear", noise="0", epochs="200")
    button(at, "Train").click().run()
    assert any("perfectly separable" in i.value for i in at.info)


def test_optimum_overlay_and_point_probe_do_not_retrain():
    at = open_app()
    button(at, "Train").click().run()
    state = at.session_state.run.trainer.state
    at.sidebar.toggle[1].set_value(True).run()
    at.number_input(key="probe_x").set_value(2.0).run()
    assert not at.exception and at.session_state.run.trainer.state is state
    assert any("→ **` class" in m.value for m in at.markdown)


def test_every_scenario_loads_and_trains():
    from playground.scenarios import SCENARIOS

    for key, sc in SCENARIOS.items():
        at = open_app(scenario=key)
        assert not at.exception
        assert any(sc.title in m.value for m in at.markdown)
        button(at, "Train").click().run()
        assert not at.exception, key
        assert at.session_state.run.trainer.state.epoch > 0


def test_scenarios_page_loads_one_on_the_playground():
    at = open_app()
    at.switch_page("pages/scenarios.py").run()
    assert not at.exception
    next(b for b in at.button if b.key == "load_softmax").click().run()
    assert not at.exception
    assert at.session_state.settings.dataset == "blobs" and at.session_state.scenario == "softmax"


def test_a_classroom_link_hides_chosen_controls():
    at = open_app(hide="learning_rate,noise", learning_rate="0.3")
    labels = [w.label for w in at.sidebar.select_slider] + [w.label for w in at.sidebar.slider]
    assert "Learning rate" not in labels and "Noise" not in labels and "Epochs" in labels
    assert at.session_state.settings.learning_rate == 0.3
    assert at.query_params["hide"] in ("learning_rate,noise", ["learning_rate,noise"])
    button(at, "Train").click().run()
    assert not at.exception
