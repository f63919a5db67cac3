/**
 * What a public screen may show of an applicant: the first and last character of the name,
 * the rest hidden (张三丰 → 张*丰, 李四 → 李*), as the hall displays of Chinese service centers
 * do. The clear name never leaves the read model for a public answer.
 */
export function maskName(name: string): string {
  const characters = [...name.trim()];
  if (characters.length <= 1) return '*';
  if (characters.length === 2) return `${characters[0]}*`;
  return `${characters[0]}${'*'.repeat(characters.length - 2)}${characters[characters.length - 1]}`;
}

