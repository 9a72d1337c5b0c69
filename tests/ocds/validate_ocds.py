#!/usr/bin/env python3
"""Validate OCDS 1.1 release and record packages with libcoveocds, fully offline.

Usage:
    validate_ocds.py --standard DIR --extensions-dir DIR PACKAGE.json [PACKAGE2.json ...]

--standard        the standard's folder (e.g. standard-1__1__5), which holds schema/
--extensions-dir  a folder of extension folders by name (e.g. ocds_renewal_extension/), each with
                  its extension.json and release-schema.json

The standard is zipped into a temporary folder and given to libcoveocds as its standard zip. The
extensions folder is served on a free loopback port. In a temporary copy of each package, every
`extensions` URL whose path has one of the folder names as a segment is rewritten to
http://127.0.0.1:PORT/<name>/extension.json; URLs already on loopback are kept as they are; any
other URL is replaced by a loopback URL that answers 404 (so nothing leaves the machine) and is
reported as an invalid extension.

Before libcoveocds runs, every declared extension is fetched here too (extension.json, then each
schema and codelist it lists): libcoveocds, in its API context, does not fetch extension.json at all
and treats a release-schema.json that answers 404 as an empty patch, so a broken extension would
otherwise show up only as "additional fields", or not at all.

Record packages: the standard's record-package-schema.json refers to the versioned release schema
by its https://standard.open-contracting.org URL, which libcoveocds dereferences over the network
even with a standard zip. For record packages the zip given to libcoveocds therefore holds a
record-package-schema.json with the versioned release schema inlined, built (with
ocdsextensionregistry, which libcoveocds uses) from the release schema patched with the package's
extensions, so that extension fields in versionedRelease are known too.

Prints one JSON object per package on stdout. Exits 0 when every package has no validation
errors, no invalid extensions, no additional fields, no JSON reference error and no value outside
a closed codelist; 1 otherwise; 2 on usage errors.
"""

import argparse
import copy
import functools
import http.server
import json
import math
import os
import socket
import sys
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid
import zipfile

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
STANDARD_SCHEMA_FILES = ("release-schema.json", "release-package-schema.json", "record-package-schema.json")
VERSIONED_URL_SUFFIX = "/versioned-release-validation-schema.json"
FETCH_TIMEOUT = 10
UNAVAILABLE_PREFIX = "__not_served_offline__"


def usage_error(message):
    print(f"validate_ocds.py: error: {message}", file=sys.stderr)
    sys.exit(2)


class UsageParser(argparse.ArgumentParser):
    def error(self, message):
        self.print_usage(sys.stderr)
        usage_error(message)


def parse_args(argv):
    parser = UsageParser(
        prog="validate_ocds.py",
        description="Validate OCDS 1.1 release and record packages with libcoveocds, offline.",
    )
    parser.add_argument("--standard", required=True, metavar="DIR",
                        help="the standard's folder (e.g. standard-1__1__5), holding schema/")
    parser.add_argument("--extensions-dir", required=True, metavar="DIR",
                        help="folder of extension folders by name (e.g. ocds_renewal_extension/)")
    parser.add_argument("packages", nargs="+", metavar="PACKAGE.json", help="release or record packages")
    args = parser.parse_args(argv)

    standard = os.path.abspath(args.standard)
    schema_dir = os.path.join(standard, "schema")
    if not os.path.isdir(standard):
        usage_error(f"--standard {args.standard}: no such folder")
    for name in (*STANDARD_SCHEMA_FILES, "versioned-release-validation-schema.json"):
        if not os.path.isfile(os.path.join(schema_dir, name)):
            usage_error(f"--standard {args.standard}: missing schema/{name} (give the folder that holds schema/)")
    if not os.path.isdir(args.extensions_dir):
        usage_error(f"--extensions-dir {args.extensions_dir}: no such folder")
    for path in args.packages:
        if not os.path.isfile(path):
            usage_error(f"{path}: no such file")
    args.standard = standard
    args.extensions_dir = os.path.abspath(args.extensions_dir)
    return args


# --- The standard as a zip ------------------------------------------------------------------------


def read_standard(standard_dir):
    """Return the standard's files as (top folder name, {relative path: bytes}), for zipping."""
    top = os.path.basename(os.path.normpath(standard_dir))
    files = {}
    for root, dirs, names in os.walk(standard_dir):
        dirs.sort()
        for name in sorted(names):
            path = os.path.join(root, name)
            rel = os.path.relpath(path, standard_dir).replace(os.sep, "/")
            with open(path, "rb") as f:
                files[rel] = f.read()
    return top, files


def write_standard_zip(path, top, files, replacements=None):
    """Write the zip. Its first entry must be the top folder: ocdsextensionregistry takes the
    first name in the zip as the prefix under which it looks for schema/."""
    replacements = replacements or {}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(f"{top}/", b"")
        folders = set()
        for rel in files:
            parts = rel.split("/")[:-1]
            for i in range(1, len(parts) + 1):
                folders.add("/".join(parts[:i]))
        for folder in sorted(folders):
            z.writestr(f"{top}/{folder}/", b"")
        for rel, content in files.items():
            z.writestr(f"{top}/{rel}", replacements.get(rel, content))


def standard_tag(files):
    """The standard's tag (e.g. 1__1__5), from the release schema's id."""
    schema = json.loads(files["schema/release-schema.json"])
    parts = urllib.parse.urlsplit(schema.get("id", "")).path.strip("/").split("/")
    if len(parts) >= 3 and parts[0] == "schema":
        return parts[1]
    return None


def inline_versioned_release(record_package_schema, versioned):
    """Return the record package schema with versionedRelease inlined (its definitions moved to
    the record package schema's root, where its local references then resolve)."""
    schema = copy.deepcopy(record_package_schema)
    versioned = copy.deepcopy(versioned)
    definitions = versioned.pop("definitions", {})
    for key in ("id", "$schema"):
        versioned.pop(key, None)
    clash = set(definitions) & set(schema.get("definitions", {}))
    if clash:
        raise RuntimeError(f"cannot inline the versioned release schema: definitions {sorted(clash)} clash")
    schema.setdefault("definitions", {}).update(definitions)
    prop = schema["definitions"]["record"]["properties"]["versionedRelease"]
    if not prop.get("$ref", "").endswith(VERSIONED_URL_SUFFIX):
        raise RuntimeError("record-package-schema.json: versionedRelease is not a $ref to the versioned release schema")
    inlined = {k: v for k, v in prop.items() if k != "$ref"}
    inlined.update(versioned)
    inlined["title"] = prop.get("title", versioned.get("title"))
    inlined["description"] = prop.get("description", versioned.get("description"))
    schema["definitions"]["record"]["properties"]["versionedRelease"] = inlined
    return schema


# --- The extensions, served on loopback -----------------------------------------------------------


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


def serve(directory):
    handler = functools.partial(QuietHandler, directory=directory)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="extensions-server", daemon=True)
    thread.start()
    return server


def is_loopback(url):
    parsed = urllib.parse.urlsplit(url)
    return parsed.scheme in ("http", "https") and (parsed.hostname or "") in LOOPBACK_HOSTS


def rewrite_url(url, names, port):
    """Return (url to use, note). Loopback URLs are kept; a URL with an extension folder's name as
    a path segment goes to our server; anything else to a loopback URL that answers 404."""
    if not isinstance(url, str):
        return url, None
    if is_loopback(url):
        return url, "loopback: kept"
    segments = urllib.parse.urlsplit(url).path.split("/")
    for name in names:
        if name in segments:
            return f"http://127.0.0.1:{port}/{name}/extension.json", f"served from --extensions-dir/{name}"
    return None, "no folder in --extensions-dir matches this URL, and it cannot be fetched offline"


def fetch(url):
    with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT) as response:  # noqa: S310 (loopback only)
        return response.read()


def describe_fetch_error(url, error):
    if isinstance(error, urllib.error.HTTPError):
        return f"{url}: HTTP {error.code} {error.reason}"
    if isinstance(error, urllib.error.URLError):
        return f"{url}: fetching failed ({error.reason})"
    if isinstance(error, (socket.timeout, TimeoutError)):
        return f"{url}: fetching timed out"
    return f"{url}: {error}"


def probe_extension(url):
    """Fetch an extension's metadata and every file it lists. Return (problems, metadata, patches)."""
    problems = []
    if not url.endswith("/extension.json"):
        return [f"the URL does not end in /extension.json"], None, []
    base = url[: -len("extension.json")]
    try:
        metadata = json.loads(fetch(url).decode("utf-8"))
    except Exception as e:  # noqa: BLE001
        if isinstance(e, (json.JSONDecodeError, UnicodeDecodeError)):
            return [f"{url}: extension.json is not valid UTF-8 JSON ({e})"], None, []
        return [describe_fetch_error(url, e)], None, []
    if not isinstance(metadata, dict):
        return [f"{url}: extension.json is not a JSON object"], None, []
    schemas = metadata.get("schemas", ["release-schema.json"])
    codelists = metadata.get("codelists", [])
    if not isinstance(schemas, list) or not all(isinstance(s, str) for s in schemas):
        problems.append(f"{url}: 'schemas' is not a list of file names")
        schemas = []
    if not isinstance(codelists, list) or not all(isinstance(c, str) for c in codelists):
        problems.append(f"{url}: 'codelists' is not a list of file names")
        codelists = []
    patches = []
    for name in schemas:
        file_url = urllib.parse.urljoin(base, name)
        try:
            content = json.loads(fetch(file_url).decode("utf-8"))
            if name == "release-schema.json":
                patches.append(content)
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            problems.append(f"{file_url}: not valid UTF-8 JSON ({e})")
        except Exception as e:  # noqa: BLE001
            problems.append(describe_fetch_error(file_url, e))
    for name in codelists:
        file_url = urllib.parse.urljoin(base, f"codelists/{name}")
        try:
            content = fetch(file_url).decode("utf-8")
            header = content.splitlines()[0].split(",") if content else []
            if "Code" not in [h.strip().strip('"') for h in header]:
                problems.append(f"{file_url}: has no Code column")
        except UnicodeDecodeError:
            problems.append(f"{file_url}: not valid UTF-8")
        except Exception as e:  # noqa: BLE001
            problems.append(describe_fetch_error(file_url, e))
    return problems, metadata, patches


# --- libcoveocds ----------------------------------------------------------------------------------


def import_libcoveocds():
    try:
        import libcoveocds.api  # noqa: F401
        from libcoveocds.config import LibCoveOCDSConfig  # noqa: F401
        from ocdsextensionregistry import ProfileBuilder  # noqa: F401
        from ocdsextensionregistry.versioned_release_schema import get_versioned_release_schema  # noqa: F401
    except ImportError as e:
        usage_error(f"libcoveocds is not importable ({e}); run this script with the Python of a venv "
                    "where `pip install libcoveocds` was run")


def versioned_schema_for(tag, extension_urls, standard_zip_bytes):
    """The versioned release schema, from the release schema patched with the extensions."""
    import warnings

    from ocdsextensionregistry import ProfileBuilder
    from ocdsextensionregistry.versioned_release_schema import get_versioned_release_schema

    builder = ProfileBuilder(tag, list(extension_urls), standard_base_url=standard_zip_bytes)
    with warnings.catch_warnings():
        # A failed extension is reported by the probe and by libcoveocds itself.
        warnings.simplefilter("ignore")
        patched = builder.patched_release_schema()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return get_versioned_release_schema(patched, tag)


def run_libcoveocds(package_path, standard_zip_path, workdir):
    import libcoveocds.api
    from libcoveocds.config import LibCoveOCDSConfig

    config = LibCoveOCDSConfig()
    config.config["standard_zip"] = f"file://{standard_zip_path}"
    config.config["context"] = "api"
    config.config["additional_checks"] = "all"
    return libcoveocds.api.ocds_json_output(workdir, package_path, None, convert=False, lib_cove_ocds_config=config)


def reject_constant(name):
    raise ValueError(f"{name} is not valid JSON")


def dump_json(data):
    """Serialize the package copy. 1e9999 (OCDS's "no maximum", e.g. the renewal extension's
    maximumRenewals) parses to infinity; write it back as 1e9999, not as the non-JSON Infinity."""
    marker = f"__validate_ocds_{uuid.uuid4().hex}__"

    def walk(value):
        if isinstance(value, float) and math.isinf(value):
            return f"{marker}{'+' if value > 0 else '-'}"
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    text = json.dumps(walk(data), ensure_ascii=False, allow_nan=False)
    return text.replace(f'"{marker}+"', "1e9999").replace(f'"{marker}-"', "-1e9999")


def to_jsonable(value):
    if isinstance(value, set):
        return sorted(value, key=str)
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    return value


def validate_package(path, ctx):
    result = {
        "file": path,
        "ok": False,
        "validation_errors": [],
        "invalid_extension": {},
        "additional_fields": [],
        "extensions": [],
    }
    try:
        with open(path, "rb") as f:
            data = json.loads(f.read(), parse_constant=reject_constant)
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError) as e:
        result["error"] = f"not valid UTF-8 JSON: {e}"
        return result
    if not isinstance(data, dict) or ("releases" not in data and "records" not in data):
        result["error"] = "not a release package or a record package (no 'releases' or 'records')"
        return result
    is_record_package = "records" in data

    # Rewrite the extension URLs in a temporary copy.
    declared = data.get("extensions")
    urls_for_libcove = []
    if isinstance(declared, list):
        rewritten = []
        for index, url in enumerate(declared):
            new, note = rewrite_url(url, ctx["names"], ctx["port"])
            if not isinstance(url, str):
                rewritten.append(url)
                continue
            entry = {"url": url, "fetched_from": new, "note": note}
            if new is None:
                new = f"http://127.0.0.1:{ctx['port']}/{UNAVAILABLE_PREFIX}/{index}/extension.json"
                entry["fetched_from"] = None
                result["invalid_extension"][url] = note
            else:
                problems, metadata, _ = probe_extension(new)
                if problems:
                    result["invalid_extension"][url] = "; ".join(problems)
                if metadata:
                    name = metadata.get("name")
                    entry["name"] = name.get("en") if isinstance(name, dict) else name
            entry["_libcove_url"] = new
            result["extensions"].append(entry)
            rewritten.append(new)
            urls_for_libcove.append(new)
        data = dict(data, extensions=rewritten)

    workdir = tempfile.mkdtemp(prefix="pkg-", dir=ctx["tmp"])
    copy_path = os.path.join(workdir, os.path.basename(path))
    with open(copy_path, "w", encoding="utf-8") as f:
        f.write(dump_json(data))

    zip_path = ctx["standard_zip"]
    if is_record_package:
        versioned = versioned_schema_for(ctx["tag"], [u for u in urls_for_libcove if isinstance(u, str)],
                                         ctx["standard_zip_bytes"])
        record_schema = json.loads(ctx["files"]["schema/record-package-schema.json"])
        inlined = inline_versioned_release(record_schema, versioned)
        zip_path = os.path.join(workdir, "standard-for-records.zip")
        write_standard_zip(zip_path, ctx["top"], ctx["files"], {
            "schema/record-package-schema.json": json.dumps(inlined, ensure_ascii=False, indent=2).encode("utf-8"),
        })

    try:
        output = run_libcoveocds(copy_path, zip_path, workdir)
    except Exception as e:  # noqa: BLE001
        result["error"] = f"libcoveocds failed: {type(e).__name__}: {e}"
        for entry in result["extensions"]:
            entry.pop("_libcove_url", None)
        return result
    output = to_jsonable(output)

    # Map libcoveocds's invalid extensions (keyed by the URL it was given) back to the declared URLs.
    by_libcove_url = {entry["_libcove_url"]: entry["url"] for entry in result["extensions"]}
    ext_context = output.get("extensions") or {}
    for libcove_url, message in ext_context.get("invalid_extensions", []):
        declared_url = by_libcove_url.get(libcove_url, libcove_url)
        previous = result["invalid_extension"].get(declared_url)
        result["invalid_extension"][declared_url] = f"{previous}; libcoveocds: {message}" if previous else f"libcoveocds: {message}"
    for entry in result["extensions"]:
        entry["applied"] = entry["url"] not in result["invalid_extension"]
        entry.pop("_libcove_url", None)

    result["validation_errors"] = output.get("validation_errors", [])
    result["additional_fields"] = output.get("additional_fields", [])
    result["additional_closed_codelist_values"] = output.get("additional_closed_codelist_values", {})
    result["additional_open_codelist_values"] = output.get("additional_open_codelist_values", {})
    result["deprecated_fields"] = output.get("deprecated_fields", [])
    result["additional_checks"] = output.get("additional_checks", {})
    result["is_extended_schema"] = ext_context.get("is_extended_schema", False)
    if output.get("json_deref_error"):
        result["json_deref_error"] = output["json_deref_error"]
    result["version_used"] = output.get("version_used")

    result["ok"] = not (
        result["validation_errors"]
        or result["invalid_extension"]
        or result["additional_fields"]
        or result["additional_closed_codelist_values"]
        or result.get("json_deref_error")
    )
    return result


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    import_libcoveocds()

    names = sorted(
        name for name in os.listdir(args.extensions_dir)
        if os.path.isdir(os.path.join(args.extensions_dir, name)) and not name.startswith(".")
    )
    top, files = read_standard(args.standard)
    tag = standard_tag(files)
    if tag is None:
        usage_error(f"--standard {args.standard}: schema/release-schema.json has no id like .../schema/1__1__5/...")

    all_ok = True
    with tempfile.TemporaryDirectory(prefix="validate-ocds-") as tmp:
        zip_path = os.path.join(tmp, f"{top}.zip")
        write_standard_zip(zip_path, top, files)
        with open(zip_path, "rb") as f:
            zip_bytes = f.read()
        server = serve(args.extensions_dir)
        try:
            ctx = {
                "names": names,
                "port": server.server_address[1],
                "tmp": tmp,
                "top": top,
                "files": files,
                "tag": tag,
                "standard_zip": zip_path,
                "standard_zip_bytes": zip_bytes,
            }
            for path in args.packages:
                result = validate_package(path, ctx)
                all_ok = all_ok and result["ok"]
                print(json.dumps(result, ensure_ascii=False), flush=True)
        finally:
            server.shutdown()
            server.server_close()
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main())
