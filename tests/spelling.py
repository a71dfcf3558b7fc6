"""Dutch spelling check with hunspell and the reviewed list of accepted words."""

import re
import shutil
import subprocess
from pathlib import Path

ACCEPTED_WORDS_FILE = Path(__file__).parent / "lessons" / "accepted_words.txt"
DICTIONARY = Path("/usr/share/hunspell/nl_NL.dic")
# Words, with inner hyphens and apostrophes (deepfake-video's); no digits.
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def accepted_words() -> set[str]:
    if not ACCEPTED_WORDS_FILE.exists():
        return set()
    lines = ACCEPTED_WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def misspelled(text: str) -> list[str]:
    """Words of `text` that neither hunspell-nl nor the accepted list knows."""
    if not shutil.which("hunspell") or not DICTIONARY.exists():
        raise RuntimeError(
            "hunspell with the Dutch dictionary is missing: apt-get install hunspell hunspell-nl "
            "(python3 dev.py test installs them)"
        )
    result = subprocess.run(
        ["hunspell", "-d", "nl_NL", "-l"],
        input="\n".join(sorted(set(WORD.findall(text)))),
        capture_output=True,
        text=True,
        check=True,
        env={"LC_ALL": "C.UTF-8", "PATH": "/usr/bin:/bin"},
    )
    accepted = accepted_words()
    unknown = {word for word in result.stdout.split() if word}
    return sorted(w for w in unknown if w not in accepted and w.lower() not in accepted)
