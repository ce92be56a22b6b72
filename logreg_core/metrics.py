"""Scores of a classifier: accuracy, log-loss, confusion matrix, ROC curve and its area."""

import numpy as np


def accuracy(y, y_pred):
    """Fraction of labels predicted right."""
    return float(np.mean(np.asarray(y) == np.asarray(y_pred)))


def log_loss(y, P):
    """Mean -log P[i, y_i] for integer codes y (n,) and probabilities P (n, k), clipped at 1e-15."""
    p = np.clip(P[np.arange(len(y)), y], 1e-15, 1.0)
    return float(-np.mean(np.log(p)))


def confusion_matrix(y, y_pred, n_classes):
    """C[i, j] = samples of true class i predicted as j, for integer codes."""
    return np.bincount(np.asarray(y) * n_classes + np.asarray(y_pred), minlength=n_classes**2).reshape(
        n_classes, n_classes
    )


def roc_curve(y, score):
    """False and true positive rates (m,) and the thresholds (m,) of a binary score, threshold falling."""
    order = np.argsort(-score, kind="stable")
    s, t = score[order], np.asarray(y)[order]
    last = np.r_[np.flatnonzero(np.diff(s)), len(s) - 1]  # one point per distinct score
    tp, fp = np.cumsum(t)[last], np.cumsum(1 - t)[last]
    P, N = max(t.sum(), 1), max(len(t) - t.sum(), 1)
    return np.r_[0, fp / N], np.r_[0, tp / P], np.r_[np.inf, s[last]]


def auc(fpr, tpr):
    """Area under a curve by the trapezoid rule."""
    return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))


def predict(P, threshold=0.5):
    """Class codes from probabilities P (n, k); two classes: class 1 where P[:, 1] > threshold, so at 0.5
    a tie goes to class 0, as in ``LogisticRegression.predict``."""
    return (P[:, 1] > threshold).astype(int) if P.shape[1] == 2 else P.argmax(axis=1)


def report(y, P, threshold=0.5):
    """Accuracy, log-loss and confusion matrix of probabilities P (n, k), classes by ``predict``;
    ROC and AUC for two classes."""
    k = P.shape[1]
    pred = predict(P, threshold)
    out = {"accuracy": accuracy(y, pred), "log_loss": log_loss(y, P), "confusion": confusion_matrix(y, pred, k)}
    if k == 2 and len(np.unique(y)) == 2:
        fpr, tpr, thr = roc_curve(y, P[:, 1])
        out.update(fpr=fpr, tpr=tpr, thresholds=thr, auc=auc(fpr, tpr))
    return out
