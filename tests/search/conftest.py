"""Fixtures for the search tests: a local Chroma server, and Chroma in both places."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import chromadb
import pytest
from chromadb.config import Settings as ChromaSettings

from tests.factories import ChromaServer

CHROMA_START_TIMEOUT_S = 60


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    """A local Chroma server (`chroma run`, installed with chromadb) on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    folder = tmp_path_factory.mktemp("chroma-server")
    log = (folder / "chroma.log").open("w")
    process = subprocess.Popen(
        [
            *(str(Path(sys.executable).with_name("chroma")), "run"),
            *("--path", str(folder / "data"), "--host", "127.0.0.1", "--port", str(port)),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    deadline = time.monotonic() + CHROMA_START_TIMEOUT_S
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=2):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"chroma run did not start; see {log.name}")
            time.sleep(0.3)
    yield "127.0.0.1", port
    process.terminate()
    process.wait(timeout=20)
    log.close()


@pytest.fixture(params=["chroma-local", "chroma-server"])
def chroma(request: pytest.FixtureRequest) -> ChromaServer | None:
    """Run a test with Chroma in the index folder, then against a Chroma server, emptied."""
    if request.param == "chroma-local":
        return None
    host, port = request.getfixturevalue("chroma_server")
    client = chromadb.HttpClient(
        host=host, port=port, settings=ChromaSettings(anonymized_telemetry=False)
    )
    for collection in client.list_collections():
        client.delete_collection(collection.name)
    return host, port
