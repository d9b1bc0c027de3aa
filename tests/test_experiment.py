"""The experiment runner: one typed configuration, checked before any work."""

from __future__ import annotations

import pytest

from dataclasses import replace

from retrograd.experiment import DEMO, Experiment, ExperimentError, prepare, run
from retrograd.train import step_count


def test_the_default_experiment_is_micrograds_demo(tmp_path):
    plan = prepare(DEMO, tmp_path / "run")
    assert (plan.model.nin, plan.model.nouts, plan.loss, plan.steps) == (2, [16, 16, 1], "hinge", 100)
    assert sorted(set(plan.y.tolist())) == [-1, 1] and plan.samples == 100
    assert "MLP(2, [16, 16, 1]) on moons (100 training samples), hinge loss + L2 0.0001" in \
        plan.describe("demo")
    assert not (tmp_path / "run").exists()  # preparing writes nothing


def test_one_step_count_for_the_runner_and_fit():
    assert step_count(100) == 100 and step_count(100, steps=7) == 7
    assert step_count(80, epochs=3, batch_size=32) == 9
    plan = prepare(replace(DEMO, steps=None, epochs=3, batch_size=32, test_size=0.2), "unused")
    assert plan.steps == 9 and plan.scheduler.total_iters == 9


@pytest.mark.parametrize("changes, setting, phrase", [
    ({"data": "blobs", "noise": None, "loss": "hinge"}, "loss", "for two classes, but blobs has 3"),
    ({"optimizer": "adam", "momentum": 0.9}, "momentum", "only the sgd optimizer"),
    ({"gamma": 0.5}, "gamma", "the linear schedule has no gamma"),
    ({"steps": 5, "epochs": 2}, "epochs", "not both"),
    ({"batch_size": 500}, "batch_size", "larger than the 100 training samples"),
    ({"noise": 1e308}, "noise", "must be finite numbers"),
])
def test_settings_that_cannot_work_name_themselves(changes, setting, phrase, tmp_path):
    with pytest.raises(ExperimentError, match=phrase) as caught:
        prepare(replace(DEMO, **changes), tmp_path / "run")
    assert caught.value.setting == setting and str(caught.value).startswith(f"{setting}=")
    assert not (tmp_path / "run").exists()


def test_settings_left_out_take_the_data_sets_and_the_optimizers_own(tmp_path):
    blobs = prepare(Experiment(data="blobs"), tmp_path / "blobs")  # no noise setting of its own
    assert (blobs.loss, blobs.classes, blobs.samples) == ("cross-entropy", 3, 100)
    assert prepare(Experiment(data="digits", classes=3), tmp_path / "d").samples == 537  # all
    adam = prepare(Experiment(optimizer="Adam"), tmp_path / "adam")  # as make_optimizer reads it
    assert (adam.experiment.lr, adam.experiment.schedule) == (0.05, "constant")
    assert adam.scheduler is None
    assert adam.optimizer.lr == 0.05
    sgd = prepare(Experiment(optimizer="sgd", lr=0.3, schedule="step"), tmp_path / "sgd")
    assert sgd.optimizer.lr == 0.3 and type(sgd.scheduler).__name__ == "StepLR"
    assert prepare(Experiment(epochs=2, batch_size=25), tmp_path / "e").steps == 8


def test_a_short_run_writes_its_report(tmp_path):
    plan = prepare(Experiment(steps=2), tmp_path / "run")
    history, report = run(plan, tmp_path / "run", title="t", command="test")
    assert history.steps == 2 and report.index.exists()


def test_the_network_is_dense_unless_scalar(tmp_path, monkeypatch):
    from retrograd import MLP, DenseMLP, memory

    assert isinstance(prepare(DEMO, tmp_path / "a").model, DenseMLP)
    assert isinstance(prepare(replace(DEMO, scalar=True), tmp_path / "b").model, MLP)
    # a million parameters: a few arrays per layer fit in 1 GB, a node per weight does not
    monkeypatch.setattr(memory, "available_memory", lambda: 2**30)
    big = replace(DEMO, hidden=[1000, 1000], steps=1)
    assert prepare(big, tmp_path / "c").model.nouts == [1000, 1000, 1]
    with pytest.raises(ExperimentError, match="needs about .* GB of memory") as caught:
        prepare(replace(big, scalar=True), tmp_path / "d")
    assert caught.value.setting == "hidden"
