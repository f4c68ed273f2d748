#!/usr/bin/env python3
"""Builds a SCORM 1.2 package per lesson from a release build, for an LMS without a server.

Usage: python3 tools/scorm.py DIST OUT_DIR LESSON...

Each package (OUT_DIR/mi-playground-LESSON.zip) holds imsmanifest.xml, the built playground in
playground/ and launch.html, which finds the LMS's SCORM API (window.API in a parent or opener
window), opens the playground on the lesson and sets cmi.core.lesson_status to "completed" (and
the score to 100) when the playground sends lesson-completed; LMSFinish when the learner leaves.
"""

import json
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

LAUNCH = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" href="data:,">
<style>html, body {{ margin: 0; height: 100%; }} iframe {{ border: 0; width: 100%; height: 100%; display: block; }}</style>
</head>
<body>
<iframe id="lab" title={frame_title} allow="clipboard-write"></iframe>
<script>
  // The lesson this package teaches, and the LMS's SCORM 1.2 API, found as the standard says: in
  // a parent window (up to 10 levels), else in the window that opened this one.
  const LESSON = {lesson};
  function findApi(win) {{
    for (let tries = 0; win && tries < 10; tries++) {{
      try {{ if (win.API) return win.API; }} catch (e) {{ return null; }}
      if (win.parent === win) break;
      win = win.parent;
    }}
    return null;
  }}
  const api = findApi(window.parent !== window ? window.parent : null) || (window.opener && findApi(window.opener));
  let started = false;
  let finished = false;
  if (api) started = String(api.LMSInitialize('')) === 'true';
  const frame = document.getElementById('lab');
  const src = new URL('playground/index.html', location.href);
  src.searchParams.set('lesson', LESSON);
  src.searchParams.set('instance', 'scorm-' + LESSON);
  src.searchParams.set('parent_origin', location.origin);
  frame.src = src.href;
  addEventListener('message', (event) => {{
    const message = event.data;
    if (event.source !== frame.contentWindow || !message || message.protocol !== 'mi-playground') return;
    if (message.type === 'lesson-completed' && message.payload && message.payload.lesson === LESSON && started) {{
      api.LMSSetValue('cmi.core.lesson_status', 'completed');
      api.LMSSetValue('cmi.core.score.min', '0');
      api.LMSSetValue('cmi.core.score.max', '100');
      api.LMSSetValue('cmi.core.score.raw', '100');
      api.LMSCommit('');
    }}
  }});
  const finish = () => {{
    if (started && !finished) {{
      finished = true;
      api.LMSFinish('');
    }}
  }};
  addEventListener('pagehide', finish);
  addEventListener('beforeunload', finish);
</script>
</body>
</html>
"""

MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier={identifier} version="1.0"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="org">
    <organization identifier="org">
      <title>{title}</title>
      <item identifier="item" identifierref="sco" isvisible="true">
        <title>{title}</title>
        <adlcp:masteryscore>100</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="sco" type="webcontent" adlcp:scormtype="sco" href="launch.html">
{files}
    </resource>
  </resources>
</manifest>
"""


def fail(why):
    print(f"scorm: {why}", file=sys.stderr)
    sys.exit(1)


def main():
    if len(sys.argv) < 4:
        fail("usage: python3 tools/scorm.py DIST OUT_DIR LESSON...")
    dist, out = Path(sys.argv[1]), Path(sys.argv[2])
    if not (dist / "index.html").is_file():
        fail(f"{dist}/index.html is missing: build the playground first (./run build)")
    index = json.loads((dist / "lessons" / "index.json").read_text(encoding="utf-8"))
    known = {entry["id"]: entry for entry in index.get("lessons", [])}
    out.mkdir(parents=True, exist_ok=True)
    built = [p for p in sorted(dist.rglob("*")) if p.is_file() and p.name != "embed-example.html"]
    for lesson in sys.argv[3:]:
        entry = known.get(lesson)
        if entry is None:
            fail(f"there is no lesson '{lesson}' (lessons: {', '.join(sorted(known))})")
        title = entry.get("title")
        if isinstance(title, dict):
            title = title.get("en") or next(iter(title.values()))
        title = f"Managed Identity Playground: {title}"
        files = ["launch.html"] + [f"playground/{p.relative_to(dist).as_posix()}" for p in built]
        manifest = MANIFEST.format(
            identifier=quoteattr(f"mi-playground-{lesson}"),
            title=escape(title),
            files="\n".join(f"      <file href={quoteattr(f)}/>" for f in files),
        )
        launch = LAUNCH.format(title=escape(title), frame_title=quoteattr(title), lesson=json.dumps(lesson))
        package = out / f"mi-playground-{lesson}.zip"
        with zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("imsmanifest.xml", manifest)
            archive.writestr("launch.html", launch)
            for path in built:
                archive.write(path, f"playground/{path.relative_to(dist).as_posix()}")
        print(f"{package}: {len(files)} files")


if __name__ == "__main__":
    main()
