import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { type Answer, client, ok } from '../../api/client';
import { analyticsKeys } from '../dashboard/analyticsApi';
import type { AnalyticsFilterQuery } from '../dashboard/analyticsQueries';

/** GET /analytics/keywords and one of its items. */
export type KeywordsView = Answer<'/analytics/keywords'>;
export type KeywordItem = KeywordsView['items'][number];
/** GET /analytics/keyword-dictionary: the words and the re-extraction of the latest edit. */
export type KeywordDictionary = Answer<'/analytics/keyword-dictionary'>;
export type Reextraction = KeywordDictionary['reextraction'];

/** How often the dictionary is read again while its re-extraction is queued or running. */
export const REEXTRACTION_POLL_MS = 2000;

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

/**
 * The dictionary and its re-extraction's progress: read every 2 s while queued or running; when it ends, the keyword
 * figures are fetched again (they were incomplete meanwhile).
 */
export function useKeywordDictionary() {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: keywordKeys.dictionary,
    queryFn: () => ok(client.GET('/analytics/keyword-dictionary')),
    refetchInterval: (q) => (reextractionActive(q.state.data?.reextraction) ? REEXTRACTION_POLL_MS : false),
  });
  const active = reextractionActive(query.data?.reextraction);
  const wasActive = useRef(active);
  useEffect(() => {
    if (wasActive.current && !active) void queryClient.invalidateQueries({ queryKey: analyticsKeys.all });
    wasActive.current = active;
  }, [active, queryClient]);
  return query;
}

export function useSaveKeywordDictionary() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (words: string[]) => ok(client.PUT('/analytics/keyword-dictionary', { body: { words } })),
    onSuccess: (saved) => {
      queryClient.setQueryData<KeywordDictionary>(keywordKeys.dictionary, {
        words: saved.words,
        reextraction: saved.reextraction,
      });
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

/** Queued or running: the keyword figures are incomplete until it ends. */
export const reextractionActive = (r: Pick<Reextraction, 'status'> | undefined) =>
  r?.status === 'queued' || r?.status === 'running';

/** 0..100 for antd `Progress`: done / total while running (below 100 until the job says done), 100 once done. */
export function reextractionPercent(r: Pick<Reextraction, 'status' | 'done' | 'total'> | undefined): number {
  if (!r) return 0;
  if (r.status === 'done') return 100;
  if (r.status !== 'running' || !r.total) return 0;
  return Math.min(99, Math.floor((r.done / r.total) * 100));
}
