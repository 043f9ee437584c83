/** `a, b, c and 4 more`: at most `max` items of a list, for messages that must stay short on a large fleet. */
export function shortList(items: readonly string[], max = 5): string {
  if (items.length <= max) return items.join(', ')
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`
}
