"""zwgk.hashes.HashCache: a build finds the files that changed without reading the others, and never takes
a changed file for an unchanged one."""
from __future__ import annotations

import os

from zwgk.hashes import HashCache, file_hash


def aged(path, seconds: float = 10) -> None:
    """Set the file's modification time back (its change time stays now)."""
    st = os.stat(path)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - int(seconds * 1e9)))


def test_an_unchanged_file_is_not_read_again_and_a_changed_one_is(tmp_path):
    f = tmp_path / "c.txt"
    f.write_text("公开目录 v1", encoding="utf-8")
    first = HashCache()
    h1 = first.hash(f)
    assert h1 == file_hash(f)
    # hashed within TRUST_NS of its last change: not trusted by the next build (a coarse clock could hide an edit)
    second = HashCache(first.seen)
    assert second.hash(f) == h1 and second.seen[str(f)][5] != first.seen[str(f)][5]
    # an entry hashed long enough after the change is trusted: the same record, no new reading
    rec = list(second.seen[str(f)])
    rec[5] = max(rec[1], rec[2]) + HashCache.TRUST_NS
    third = HashCache({str(f): rec})
    assert third.hash(f) == h1 and third.seen[str(f)] is rec
    # the same size, the modification time put back: the change time still tells, the file is read again
    st = os.stat(f)
    f.write_text("公开目录 v2", encoding="utf-8")
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert os.stat(f).st_size == st.st_size and os.stat(f).st_mtime_ns == st.st_mtime_ns
    fourth = HashCache({str(f): rec})
    assert fourth.hash(f) == file_hash(f) != h1
    # another file moved in its place (another inode) is read again too
    g = tmp_path / "g.txt"
    g.write_text("公开目录 v1", encoding="utf-8")
    aged(g)
    os.replace(g, f)
    assert HashCache({str(f): rec}).hash(f) == h1
    # a missing file or a folder has no hash
    assert HashCache().hash(tmp_path / "missing") is None and HashCache().hash(tmp_path) is None


def test_the_code_hash_follows_the_build_code_and_not_the_other_commands(tmp_path, monkeypatch):
    """Editing a module the build runs re-mints every catalogue; editing `zwgk publish` (a package) or `zwgk serve`
    does not."""
    import zwgk.hashes as H
    for rel in ("zwgk/build.py", "zwgk/serve.py", "zwgk/publish/__init__.py", "zwgk/publish/dump.py",
                "mappings/mint.py", "ontology/x.ttl", "shapes/x.ttl"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("# v1\n", encoding="utf-8")
    monkeypatch.setattr(H, "PROJECT_DIR", tmp_path)

    def digest() -> str:
        H.code_hash.cache_clear()
        return H.code_hash()
    first = digest()
    for rel in ("zwgk/serve.py", "zwgk/publish/__init__.py", "zwgk/publish/dump.py"):
        (tmp_path / rel).write_text("# v2\n", encoding="utf-8")
        assert digest() == first, rel
    for rel in ("zwgk/build.py", "mappings/mint.py", "shapes/x.ttl"):
        before = digest()
        (tmp_path / rel).write_text("# v2\n", encoding="utf-8")
        assert digest() != before, rel
    H.code_hash.cache_clear()


def test_source_hash_takes_only_files_inside_the_catalogues_folder(tmp_path):
    """A plan resolves a plain file name with one lstat (zwgk.build.source_hash): the same answers, and the
    same cache keys, as resolving every name in full."""
    from zwgk.build import source_hash
    real = tmp_path / "real"
    (real / "sub").mkdir(parents=True)
    cats = tmp_path / "cats"
    cats.symlink_to(real)                       # the folder itself reached through a link
    (real / "a.txt").write_text("甲", encoding="utf-8")
    (real / "sub" / "b.txt").write_text("乙", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("密", encoding="utf-8")
    (real / "out.txt").symlink_to(tmp_path / "secret.txt")
    (real / "alias.txt").symlink_to(real / "a.txt")
    root = cats.resolve()
    for given in (None, root):
        cache = HashCache()
        assert source_hash(cats, "a.txt", cache, given) == file_hash(real / "a.txt")
        assert source_hash(cats, "sub/b.txt", cache, given) == file_hash(real / "sub" / "b.txt")
        assert source_hash(cats, "alias.txt", cache, given) == file_hash(real / "a.txt")
        assert set(cache.seen) == {str(real / "a.txt"), str(real / "sub" / "b.txt")}   # keys: resolved paths
        for outside in ("out.txt", "../secret.txt", str(tmp_path / "secret.txt"), ".", "..", "", "sub", "none.txt",
                        "a\0.txt"):
            assert source_hash(cats, outside, cache, given) is None, outside
