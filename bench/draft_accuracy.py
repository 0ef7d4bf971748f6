"""How well a drafted mapping, unedited, reads catalogues zwgk has never seen (issue 11, "Done when" 2).

For each catalogue of tests/unseen.py (six forms and layouts, each with a hand-written answer key) this
writes the file, runs `zwgk mapping draft` on it (in-process, as the command does), reads the catalogue
with the drafted mapping, and scores the items against the key: item precision, recall and F1 (items
matched by name) and field accuracy (the key's fields over the matched items). The target is item-F1
>= 0.95 and field accuracy >= 0.90 on every catalogue.

The reference, in the same run: the same draft with its content pass switched off (roles from the header
wordings alone, no reading of the cells: no tick columns decided from cells, no realign, inherit,
titles, tables or check-box convention), to show what reading the cells adds ("hdr F1", "hdr acc").

Then the same for random layouts (tests/unseen_random.py: header wordings, levels, tick or text columns,
merges, list styles, optional columns drawn from a seed) in every form, the PDF prints included (Word's
ruled print, Excel's print without gridlines): how many meet the target, how many are read perfectly
(every item, every field), and the mean item-F1 and field accuracy, per form.

    .venv/bin/python bench/draft_accuracy.py            # the table
    .venv/bin/python bench/draft_accuracy.py -v         # and every field the draft got wrong
    .venv/bin/python bench/draft_accuracy.py --random 100   # random layouts per form (default 25)
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.unseen import CATALOGUES, score  # noqa: E402
from tests.unseen_random import FORMS, random_catalogue  # noqa: E402
from zwgk.mappings import draft as D  # noqa: E402
from zwgk.mappings import load_mapping, read_catalogue  # noqa: E402
from zwgk.mappings.draft import draft_mapping, render  # noqa: E402
from zwgk.ontology import code_lists  # noqa: E402

BASE = "http://127.0.0.1:8000"


def header_only(u, folder: Path):
    """(F1, field accuracy) of the draft without its content pass; (0, 0) when that mapping does not read."""
    content_pass = D.content_pass
    D.content_pass = lambda draft, d: None
    try:
        text = render(draft_mapping(folder / u.file, u.id))
    finally:
        D.content_pass = content_pass
    path = folder / "header-only.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        s = score(read_catalogue(load_mapping(path), folder, BASE).records, u.key, u.fields, code_lists(BASE))
    except Exception:
        return 0.0, 0.0
    return s.f1, s.field_accuracy


def run(verbose: bool) -> int:
    rows, worst = [], True
    with tempfile.TemporaryDirectory() as tmp:
        for u in CATALOGUES:
            folder = Path(tmp) / u.id
            folder.mkdir()
            file = folder / u.file
            u.make(file)
            t0 = time.perf_counter()
            draft = draft_mapping(file, u.id)
            path = folder / f"{u.id}.yaml"
            text = render(draft)
            path.write_text(text, encoding="utf-8")
            try:
                cat = read_catalogue(load_mapping(path), folder, BASE)
                s = score(cat.records, u.key, u.fields, code_lists(BASE))
            except Exception as e:   # a draft that does not read scores zero; say why
                print(f"{u.id}: the drafted mapping does not read: {e}")
                rows.append((u, None, time.perf_counter() - t0, text.count("# guess:"), (0.0, 0.0)))
                worst = False
                continue
            dt = time.perf_counter() - t0
            rows.append((u, s, dt, text.count("# guess:"), header_only(u, folder)))
            worst = worst and s.f1 >= 0.95 and s.field_accuracy >= 0.90
            if verbose:
                for e in s.errors:
                    print(f"  {u.id}: {e}")
                if verbose > 1:
                    print(text)
    print(f"{'catalogue':<18} {'form':<44} {'items':>5} {'P':>5} {'R':>5} {'F1':>5} {'fields':>6} {'acc':>6} "
          f"{'guesses':>7} {'s':>5} {'hdr F1':>6} {'hdr acc':>7}")
    for u, s, dt, guesses, (hf1, hacc) in rows:
        if s is None:
            print(f"{u.id:<18} {u.form[:44]:<44} {len(u.key):>5} {'—':>5} {'—':>5} {0:>5.2f} {'—':>6} {0:>6.2f} "
                  f"{guesses:>7} {dt:>5.2f} {hf1:>6.2f} {hacc:>7.3f}")
            continue
        print(f"{u.id:<18} {u.form[:44]:<44} {len(u.key):>5} {s.precision:>5.2f} {s.recall:>5.2f} {s.f1:>5.2f} "
              f"{s.fields_checked:>6} {s.field_accuracy:>6.3f} {guesses:>7} {dt:>5.2f} {hf1:>6.2f} {hacc:>7.3f}")
    scored = [s for _, s, _, _, _ in rows if s]
    if scored:
        fields = sum(s.fields_checked for s in scored)
        acc = sum(s.field_accuracy * s.fields_checked for s in scored) / max(1, fields)
        print(f"{'all':<18} {'':<44} {sum(len(r[0].key) for r in rows):>5} {'':>5} {'':>5} "
              f"{min(s.f1 for s in scored):>5.2f} {fields:>6} {acc:>6.3f}   (F1: the lowest; acc: over all fields)")
    print("target: item-F1 >= 0.95 and field accuracy >= 0.90 on every catalogue:", "met" if worst else "NOT met")
    return 0 if worst else 1


def run_random(n: int, verbose: bool, forms=FORMS) -> bool:
    """Random layouts, n per form: (form → met, mean F1, mean accuracy)."""
    print(f"\nrandom layouts, {n} per form (seeds 0-{n - 1}):")
    print(f"{'form':<14} {'met':>9} {'perfect':>8} {'mean F1':>8} {'mean acc':>9} {'worst F1':>9} {'worst acc':>10} "
          f"{'s/draft':>8}")
    all_met = True
    with tempfile.TemporaryDirectory() as tmp:
        for form in forms:
            met, perfect, f1s, accs, took = 0, 0, [], [], 0.0
            for seed in range(n):
                make, name, key, fields = random_catalogue(seed, form)
                folder = Path(tmp) / f"{form}-{seed}"
                folder.mkdir()
                make(folder / name)
                t0 = time.perf_counter()
                try:
                    (folder / "m.yaml").write_text(render(draft_mapping(folder / name, f"random-{seed}")),
                                                   encoding="utf-8")
                    s = score(read_catalogue(load_mapping(folder / "m.yaml"), folder, BASE).records, key, fields,
                              code_lists(BASE))
                    f1, acc = s.f1, s.field_accuracy
                except Exception as e:
                    f1, acc, s = 0.0, 0.0, None
                    if verbose:
                        print(f"  {form} {seed}: {e}")
                took += time.perf_counter() - t0
                ok = f1 >= 0.95 and acc >= 0.90
                met += ok
                perfect += f1 == 1.0 and acc == 1.0
                f1s.append(f1)
                accs.append(acc)
                if verbose and s is not None and not ok:
                    print(f"  {form} {seed}: F1 {f1:.2f} acc {acc:.3f}: {s.errors[:3]}")
            all_met = all_met and met == n
            print(f"{form:<14} {f'{met}/{n}':>9} {perfect:>8} {sum(f1s) / n:>8.3f} {sum(accs) / n:>9.3f} {min(f1s):>9.2f} "
                  f"{min(accs):>10.3f} {took / n:>8.2f}")
    return all_met


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-v", "--verbose", action="count", default=0, help="list the errors (-vv: and the drafts)")
    ap.add_argument("--random", type=int, default=25, metavar="N", help="random layouts per form (0: none)")
    ap.add_argument("--forms", nargs="+", choices=FORMS, default=list(FORMS), help="the forms of the random layouts")
    args = ap.parse_args()
    code = run(args.verbose)
    if args.random:
        run_random(args.random, bool(args.verbose), args.forms)
    sys.exit(code)
