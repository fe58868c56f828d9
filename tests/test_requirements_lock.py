"""The locks (`make lock`) are in step with the requirements people edit: every direct
dependency at the version pinned by hand, every package with its hashes (`make install`
installs with --require-hashes), the same versions for the site and for development."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)")


def name(package: str) -> str:
    return re.sub(r"[-_.]+", "-", package).lower()


def pinned(requirements: str) -> dict[str, str]:
    """The pins of a requirements file written by hand, with those of the files it includes."""
    pins = {}
    for line in (ROOT / requirements).read_text().splitlines():
        if line.startswith("-r "):
            pins.update(pinned(line.removeprefix("-r ").strip()))
        elif found := PIN.match(line):
            pins[name(found.group(1))] = found.group(2)
    return pins


def locked(lock: str) -> dict[str, tuple[str, int]]:
    """{package: (version, number of hashes)} of a lock written by pip-compile."""
    packages, current = {}, None
    for line in (ROOT / lock).read_text().splitlines():
        if found := PIN.match(line):
            current = name(found.group(1))
            packages[current] = (found.group(2), 0)
        elif current and line.strip().startswith("--hash=sha256:"):
            version, hashes = packages[current]
            packages[current] = (version, hashes + 1)
    return packages


def test_every_direct_dependency_is_locked_at_the_version_pinned_by_hand():
    for requirements, lock in (
        ("requirements.txt", "requirements.lock"),
        ("requirements-dev.txt", "requirements-dev.lock"),
    ):
        versions = {package: version for package, (version, _) in locked(lock).items()}
        wrong = {
            package: (version, versions.get(package))
            for package, version in pinned(requirements).items()
            if versions.get(package) != version
        }
        assert (lock, wrong) == (lock, {})


def test_every_locked_package_has_its_hashes():
    for lock in ("requirements.lock", "requirements-dev.lock"):
        without = [package for package, (_, hashes) in locked(lock).items() if hashes == 0]
        assert (lock, without) == (lock, [])


def test_site_and_development_locks_agree_on_the_site_packages():
    site, development = locked("requirements.lock"), locked("requirements-dev.lock")

    assert {package: development.get(package) for package in site} == site
