/** The rules of `optionValues` a JSON Schema cannot state: each code once and on the answer scale, two values at least. */
import type { DefinitionContent } from '../../../shared/domain';
import type { ScaleEntry } from '../../../shared/definition-content';
import type { DefinitionIssue } from './parse';

const issue = (path: string, message: string): DefinitionIssue => ({ path, line: null, column: null, message });

export function optionValueIssues(content: DefinitionContent, scale: readonly ScaleEntry[]): DefinitionIssue[] {
  const options = content.optionValues;
  if (!options) return [];
  const issues: DefinitionIssue[] = [];
  if (content.values)
    issues.push(
      issue(
        'optionValues',
        'say which value each end of the scale serves (values) or each option (optionValues), not both',
      ),
    );
  if (content.pairwise)
    issues.push(issue('optionValues', 'a pairwise design names its values itself: it takes no optionValues'));
  const codes = scale.map((entry) => entry.code);
  const seen = new Set<number>();
  options.forEach((option, i) => {
    if (seen.has(option.code))
      issues.push(issue(`optionValues[${i}].code`, `option ${option.code} is given a value twice`));
    else if (!codes.includes(option.code))
      issues.push(
        issue(
          `optionValues[${i}].code`,
          `option ${option.code} is not a code of the answer scale (codes: ${codes.join(', ') || 'none'})`,
        ),
      );
    seen.add(option.code);
  });
  if (new Set(options.map((o) => o.value.trim().toLowerCase())).size < 2)
    issues.push(issue('optionValues', 'the options must serve at least two different values'));
  return issues;
}
