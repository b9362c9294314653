"""Build hook: puts the library jar into the wheel, so that ``sparkbackprop.jar_path()`` finds it.

The jar comes from ``$SPARKBACKPROP_JAR`` if set, else from the Maven build of the repository
this folder belongs to (``../target``), which is run (``mvn -B -q -DskipTests package``) when the
jar is not there yet. All other metadata is in ``pyproject.toml``.
"""

import os
import shutil
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def _built_jars():
    return sorted(
        p
        for p in (REPO / "target").glob("spark-backprop_*.jar")
        if not p.name.endswith(("-examples.jar", "-sources.jar", "-javadoc.jar", "-tests.jar"))
    )


def library_jar() -> Path:
    if os.environ.get("SPARKBACKPROP_JAR"):
        return Path(os.environ["SPARKBACKPROP_JAR"]).resolve()
    if not _built_jars():
        if not (REPO / "pom.xml").exists() or shutil.which("mvn") is None:
            raise SystemExit(
                "spark-backprop: the library jar is missing. Build it with `mvn -B package "
                "-DskipTests` in the repository, or set SPARKBACKPROP_JAR to its path."
            )
        subprocess.run(["mvn", "-B", "-q", "-DskipTests", "package"], cwd=REPO, check=True)
    return _built_jars()[-1]


class BuildWithJar(build_py):
    """``build_py`` that also copies the library jar into ``sparkbackprop/jars``."""

    def run(self):
        super().run()
        jar = library_jar()
        target = Path(self.build_lib) / "sparkbackprop" / "jars"
        target.mkdir(parents=True, exist_ok=True)
        for old in target.glob("spark-backprop_*.jar"):
            old.unlink()
        shutil.copy2(jar, target / jar.name)


setup(cmdclass={"build_py": BuildWithJar})
