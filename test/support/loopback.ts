import type { Server } from 'node:net'

/** Listens on an ephemeral loopback port; returns the port. */
export async function listenOnLoopback(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}

/** Closes a server, first destroying the sockets it accepted. */
export async function closeServer(server: Server | undefined, sockets: Iterable<{ destroy(): void }>): Promise<void> {
  for (const s of sockets) s.destroy()
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
}
