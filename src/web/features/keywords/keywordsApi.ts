import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type Answer, client, ok } from '../../api/client';
import { analyticsKeys } from '../dashboard/analyticsApi';
import type { AnalyticsFilterQuery } from '../dashboard/analyticsQueries';

/** GET /analytics/keywords and one of its items. */
export type KeywordsView = Answer<'/analytics/keywords'>;
export type KeywordItem = KeywordsView['items'][number];

/** The server's limits of the user dictionary (keywords.schemas.ts / extract.ts DICTIONARY_LIMITS). */
export const DICTIONARY_MAX_WORDS = 2000;
export const DICTIONARY_MAX_WORD_LENGTH = 20;

export const keywordKeys = {
  dictionary: ['keyword-dictionary'] as const,
  /** Under `analyticsKeys.all`: a live rating refetches the keywords with every other figure. */
  keywords: (query: object) => [...analyticsKeys.all, 'keywords', query] as const,
};

export function useKeywords(query: AnalyticsFilterQuery, limit = 30) {
  const params = { ...query, limit };
  return useQuery({
    queryKey: keywordKeys.keywords(params),
    queryFn: () => ok(client.GET('/analytics/keywords', { params: { query: params } })),
  });
}

export function useKeywordDictionary() {
  return useQuery({
    queryKey: keywordKeys.dictionary,
    queryFn: () => ok(client.GET('/analytics/keyword-dictionary')),
  });
}

export function useSaveKeywordDictionary() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (words: string[]) => ok(client.PUT('/analytics/keyword-dictionary', { body: { words } })),
    onSuccess: (saved) => {
      queryClient.setQueryData(keywordKeys.dictionary, { words: saved.words });
      void queryClient.invalidateQueries({ queryKey: analyticsKeys.all });
    },
  });
}

/** The ratings list filtered to a keyword: the dashboard's link to `/ratings` with `keyword` added. */
export function withKeyword(ratingsLink: string, term: string): string {
  const [path, search = ''] = ratingsLink.split('?');
  const params = new URLSearchParams(search);
  params.set('keyword', term);
  return `${path}?${params.toString()}`;
}

/** A word the server would refuse (too long, or containing a space or control character). */
export const invalidWord = (word: string) => word.length > DICTIONARY_MAX_WORD_LENGTH || /[\s\p{Cc}]/u.test(word);
