"""The parsing half of the PDF check (practices/census/uploads.py), run in a child process with
bounded memory and CPU time: `python pdfcheck.py < file.pdf` prints one verdict word.

qpdf (through pikepdf) decodes object streams and unescapes names such as `/J#61vaScript`, so
what it finds is what a PDF reader finds. But it parses hostile input: a few kilobytes of
compressed object stream can unfold into millions of objects and gigabytes of memory. Run
apart, a file built to exhaust memory or time, or to crash the parser, ends this process
(no verdict: the upload is refused), never the web worker. Imports nothing but pikepdf.
"""

import io
import resource
import sys

import pikepdf

MEMORY_LIMIT = 512 * 1024 * 1024  # address space: an ordinary PDF needs a tenth of it
CPU_SECONDS = 5

CLEAN, ACTIVE, DAMAGED, ENCRYPTED = "clean", "active", "damaged", "encrypted"

# PDF names (as keys or values) of code, programs, forms that send or fetch data, multimedia
# players and attached files.
ACTIVE_NAMES = frozenset(
    {
        "/JavaScript",
        "/JS",
        "/Launch",
        "/SubmitForm",
        "/ImportData",
        "/RichMedia",
        "/RichMediaExecute",
        "/XFA",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/EF",
        "/GoToE",
    }
)


def verdict(data):
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            active = any(is_active(part) for part in pdf_parts(pdf))
            # qpdf warns when it had to repair the file: a damaged PDF, read differently by readers.
            damaged = bool(pdf.get_warnings())
    except pikepdf.PasswordError:
        return ENCRYPTED
    except pikepdf.PikepdfError:
        return DAMAGED
    if damaged:
        return DAMAGED
    return ACTIVE if active else CLEAN


def pdf_parts(pdf):
    """Every object of the file and every dictionary, array and name nested in it.

    `pdf.objects` lists the numbered objects, those packed in object streams included; the direct
    objects inside each one are walked here, each numbered object only once.
    """
    for numbered in pdf.objects:
        pending = [numbered]
        while pending:
            part = pending.pop()
            yield part
            pending.extend(
                child for child in children(part) if not getattr(child, "is_indirect", True)
            )


def children(part):
    if isinstance(part, pikepdf.Stream):
        return part.stream_dict.values()
    if isinstance(part, pikepdf.Dictionary):
        return part.values()
    if isinstance(part, pikepdf.Array):
        return part
    return ()


def is_active(part):
    if isinstance(part, pikepdf.Name):
        return str(part) in ACTIVE_NAMES
    if isinstance(part, pikepdf.Stream):
        part = part.stream_dict
    if not isinstance(part, pikepdf.Dictionary):
        return False
    if ACTIVE_NAMES.intersection(part.keys()):
        return True
    return not all(is_harmless_automatic(action) for action in automatic_actions(part))


def automatic_actions(dictionary):
    """Actions the reader runs by itself: on opening (catalog) or on a page or field event."""
    opening = dictionary.get("/OpenAction")
    if isinstance(opening, pikepdf.Dictionary):  # an array there is a destination, not an action
        yield opening
    events = dictionary.get("/AA")
    if events is not None:
        yield from events.values() if isinstance(events, pikepdf.Dictionary) else [events]


def is_harmless_automatic(action):
    """Only a move to another place of the same document may happen without a click."""
    return (
        isinstance(action, pikepdf.Dictionary)
        and action.get("/S") == pikepdf.Name.GoTo
        and "/Next" not in action
    )


def main():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    print(verdict(sys.stdin.buffer.read()))


if __name__ == "__main__":
    main()
