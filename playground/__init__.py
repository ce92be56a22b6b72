"""The playground's non-UI parts: settings and their URL form, training runs, chart data, figures."""
