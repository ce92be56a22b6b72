from logreg_core import LogisticRegression


def test_toy_problem_predicts_class_1_at_9():
    X = [[1], [2], [3], [4], [5], [6]]
    y = [0, 0, 0, 1, 1, 1]
    model = LogisticRegression(epochs=1000, batch_size=None).fit(X, y)
    assert model.predict_proba([[9]])[0, 1] > 0.5
