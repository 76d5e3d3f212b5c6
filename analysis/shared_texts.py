"""A partition's texts written once to a scratch file that the workers read, instead of sent in every task.

A build sends each partition's texts to a worker three times (the first pass, the second, entity
sentiment).  Sent in the task, they are held in the main process while the task waits for a worker and
travels — as Python strings (two bytes a character wherever a curly quote stands) and pickled — about
30 MB for a partition of 1,000 AllSides articles, for the two or three tasks in flight at once, on top
of whatever the main process holds in that stage (its peak at 8,000 articles was there, in entity
sentiment).  Written once to a file of this machine, a task carries only the file's name: the main
process makes one partition's list at a time, writes it and lets it go.

Only where the workers see this machine's files and the tasks do leave the process
(:attr:`analysis.engine.Runner.copies_tasks`); the texts, read back, are the same strings.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.feather as feather


@dataclass(frozen=True)
class TextsFile:
    """One partition's texts in a file of this machine (Arrow, uncompressed), in partition order.
    Pickles as its path and count."""

    path: Path
    count: int

    def read(self) -> list[str]:
        texts = feather.read_table(self.path, memory_map=False).column("text").to_pylist()
        if len(texts) != self.count:  # a partial write, or another build's file: never analyse other texts
            raise ValueError(f"{self.path} holds {len(texts)} texts, not the partition's {self.count}")
        return texts


def texts_of(texts: Sequence[str] | TextsFile) -> list[str]:
    """A task's texts: those it was given, or its partition's file read."""
    return texts.read() if isinstance(texts, TextsFile) else list(texts)


class TextFiles:
    """The build's partitions' texts, each written to ``folder`` the first time a task asks for it.

    ``texts``: the analysed texts of the whole corpus (sliced a partition at a time); ``parts``: the
    partitions.  :meth:`close` deletes the folder (the build's scratch, never part of a store)."""

    def __init__(self, folder: Path, texts: Sequence[str], parts: Sequence[slice]) -> None:
        self.folder, self.texts, self.parts = Path(folder), texts, list(parts)
        self._files: dict[int, TextsFile] = {}
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)

    def __getitem__(self, part: int) -> TextsFile:
        if part not in self._files:
            texts = self.texts[self.parts[part]]
            path = self.folder / f"part-{part:05d}.arrow"
            feather.write_feather(
                pa.table({"text": pa.array(texts, type=pa.large_string())}), path, compression="uncompressed"
            )
            self._files[part] = TextsFile(path, len(texts))
        return self._files[part]

    def close(self) -> None:
        self._files.clear()
        shutil.rmtree(self.folder, ignore_errors=True)
