/** Tags compare case-insensitively and keep the first spelling, in the field and in the document. */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { addTag } from '../../../shared/src/input/tags';
import { createDeal, readDeals, updateDeal } from '../../../shared/src/board';
import { ADA, pipelineBoard, value } from '../board/util';

describe('tags', () => {
  it('adding "ai" to ["AI"] leaves one tag, spelt as first written', () => {
    expect(addTag(['AI'], 'ai')).toEqual({ ok: true, value: ['AI'] });
    expect(addTag(['AI'], ' Cloud, ')).toEqual({ ok: true, value: ['AI', 'Cloud'] });
  });

  it('refuses a tag that is too long, or one too many, in sentences', () => {
    expect(addTag([], 'x'.repeat(41))).toEqual({ ok: false, message: 'A tag can have at most 40 characters.' });
    expect(
      addTag(
        Array.from({ length: 20 }, (_, i) => `t${i}`),
        'one more',
      ),
    ).toEqual({ ok: false, message: 'A deal can have at most 20 tags.' });
  });

  it('the document keeps one of "AI" and "ai", whichever came first', () => {
    const { doc, columns } = pipelineBoard(new Y.Doc());
    const { dealId } = value(createDeal(doc, { columnId: columns.talks, title: 'Deal', tags: ['AI', 'cloud', 'ai', 'Cloud'] }, ADA));
    const read = () => readDeals(doc).find((d) => d.id === dealId);
    expect(read()).toMatchObject({ tags: ['AI', 'cloud'] });
    value(updateDeal(doc, { dealId, patch: { tags: ['Chips', 'CHIPS'] } }, ADA));
    expect(read()).toMatchObject({ tags: ['Chips'] });
  });
});
