/** Every query key of the feature (GET /api-keys is one unpaged list). */
export const apiKeyKeys = {
  all: ['api-keys'] as const,
};
