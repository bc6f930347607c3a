import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withoutMetaRefresh } from '../../src/rendering/meta-refresh.ts';

test('meta refresh tags are dropped in any spelling; other meta tags and the text stay', () => {
  for (const tag of [
    '<meta http-equiv="refresh" content="0; url=http://x/">',
    "<META HTTP-EQUIV='Refresh' CONTENT='5'>",
    '<meta content="0;url=/" http-equiv=refresh />',
    '<meta\n  http-equiv = " refresh "\n  content="1">',
  ]) {
    assert.equal(
      withoutMetaRefresh(`<head>${tag}<title>t</title></head>`),
      '<head><title>t</title></head>',
      tag,
    );
  }
  const kept = '<meta charset="utf-8"><meta http-equiv="content-type" content="text/html"><p>refresh</p>';
  assert.equal(withoutMetaRefresh(kept), kept);
});
