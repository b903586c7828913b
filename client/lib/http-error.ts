/** The Chinese message and data of an error answer of the plain HTTP routes (`{"error":{"message","data"}}`, the tRPC error shape). */
export function httpError(body: unknown): { message: string | null; data: Record<string, unknown> } {
  const e = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (typeof e !== 'object' || e === null) return { message: null, data: {} };
  const { message, data } = e as { message?: unknown; data?: unknown };
  return {
    message: typeof message === 'string' && message ? message : null,
    data: typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {},
  };
}
