"""Package layout glue.

The repository keeps the engine (`harmonise/`), the mapping modules (`mappings/`) and
the LinkML model (`model/`) side by side, as the project's layout promises. Installed,
they become one import tree: `harmonise`, `harmonise.mappings`, `harmonise.model`,
so `pip install .` works from any folder. Everything else lives in pyproject.toml.
"""
from setuptools import find_packages, setup

ROOTS = {"harmonise": "harmonise", "harmonise.mappings": "mappings", "harmonise.model": "model"}

packages: list[str] = []
package_dir: dict[str, str] = {}
for name, folder in ROOTS.items():
    package_dir[name] = folder
    packages.append(name)
    for sub in find_packages(folder):
        packages.append(f"{name}.{sub}")
        package_dir[f"{name}.{sub}"] = f"{folder}/{sub.replace('.', '/')}"

setup(packages=packages, package_dir=package_dir)
