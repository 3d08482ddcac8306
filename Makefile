# Thin aliases for run.py, the task runner (which also works where make does not,
# e.g. on Windows: `py run.py lab`). Extra arguments: make lab ARGS=--no-browser
PYTHON ?= python3
ARGS ?=

.PHONY: help setup lab test quick browser notebooks datasets exercises bench clean

help:
	$(PYTHON) run.py

setup lab test quick browser notebooks datasets exercises bench clean:
	$(PYTHON) run.py $@ $(ARGS)
