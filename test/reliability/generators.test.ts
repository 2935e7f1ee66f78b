/**
 * The generators' own promise: the text printStyled writes means the object it was given. Flow
 * style, quoting, comments, anchors and `<<` merge keys change how an item is written, never what it
 * says (an alias of another list, e.g. a role's `verbs` aliased to its URLs, would test the tool on
 * an input the property does not describe).
 */
import fc from 'fast-check';
import { parse } from 'yaml';
import { printStyled, styledItem } from './generators.js';

test('GIVEN any styled item THEN its printed text parses back to the object (merge keys resolved), and some texts carry an alias', () => {
  let aliased = 0;
  let checked = 0;
  fc.assert(
    fc.property(styledItem, (styled) => {
      const text = printStyled(styled);
      if (/(^|[\s[{,])\*a\d/.test(text)) aliased++;
      expect(parse(text, { merge: true })).toEqual(styled.object);
      checked++;
    }),
    { numRuns: 2000, seed: 17 },
  );
  // Vacuity: the aliasing branch was reached, and every case was checked.
  expect(checked).toBe(2000);
  expect(aliased).toBeGreaterThan(20);
});
