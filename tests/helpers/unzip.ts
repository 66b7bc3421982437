/**
 * Reads a ZIP archive with Python's own `zipfile` (an independent reader, CRCs checked by `testzip`): the test of
 * browser mode's export bundle never trusts the writer to read its own output.
 */
import { execFileSync } from 'node:child_process';

const READER = `
import base64, io, json, sys, zipfile
archive = zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read()))
bad = archive.testzip()
if bad is not None:
    sys.exit("bad CRC in " + bad)
json.dump({i.filename: base64.b64encode(archive.read(i)).decode() for i in archive.infolist()}, sys.stdout)
`;

/** Every entry of the archive by name, in the archive's order; throws when Python finds it damaged. */
export function unzip(bytes: Buffer): Map<string, Buffer> {
  const out = execFileSync('python3', ['-c', READER], { input: bytes, maxBuffer: 512 * 1024 * 1024 });
  const entries = JSON.parse(out.toString('utf8')) as Record<string, string>;
  return new Map(Object.entries(entries).map(([name, data]) => [name, Buffer.from(data, 'base64')]));
}
