import { useEffect, useRef } from 'preact/hooks'

/** A ref for a heading (give it `tabIndex={-1}`) that takes the focus whenever `key` changes. */
export function useHeadingFocus(key: unknown) {
  const ref = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    ref.current?.focus()
  }, [key])
  return ref
}
