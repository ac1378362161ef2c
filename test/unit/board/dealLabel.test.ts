/** A deal is named by its title in activity, notifications and toasts (issue 17 item 8). */
import { describe, expect, it } from 'vitest';
import { dealLabel } from '../../../shared/src/board/dealLabel';
import { dealLabel as serverLabel } from '../../../server/src/activity/describe';
import { dealLabel as clientLabel } from '../../../client/src/features/activity/words';

describe('dealLabel', () => {
  it('names two deals between the same parties apart, by their titles', () => {
    const first = dealLabel({ title: 'ASML leads Mistral AI Series C', acquirer: 'ASML', target: 'Mistral AI' });
    const second = dealLabel({ title: 'ASML buys more Mistral AI shares', acquirer: 'ASML', target: 'Mistral AI' });
    expect(first).toBe('ASML leads Mistral AI Series C');
    expect(second).toBe('ASML buys more Mistral AI shares');
  });

  it('falls back to the parties only when the title is empty, then to words', () => {
    expect(dealLabel({ title: '  ', acquirer: 'Amazon', target: 'OpenAI' })).toBe('Amazon → OpenAI');
    expect(dealLabel({ title: '', acquirer: '', target: 'OpenAI' })).toBe('OpenAI');
    expect(dealLabel({ title: '', acquirer: '', target: '' })).toBe('an untitled deal');
  });

  it('keeps a label to one line of at most 120 characters (a party at most 60)', () => {
    expect(dealLabel({ title: 'Amazon\n  invests', acquirer: '', target: '' })).toBe('Amazon invests');
    const long = dealLabel({ title: 'x'.repeat(300), acquirer: '', target: '' });
    expect(long).toHaveLength(120);
    expect(long.endsWith('…')).toBe(true);
    expect(dealLabel({ title: '', acquirer: 'a'.repeat(100), target: 'OpenAI' })).toBe(`${'a'.repeat(59)}… → OpenAI`);
  });

  it('is the one label of the server and the client', () => {
    expect(serverLabel).toBe(dealLabel);
    expect(clientLabel).toBe(dealLabel);
  });
});
