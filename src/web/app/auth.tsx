import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo } from 'react';
import { client, ok } from '../api/client';
import { ApiError, readCookie } from './api';
import type { Session } from './types';

export const SESSION_KEY = ['session'] as const;

interface AuthState {
  session: Session | null;
  loading: boolean;
  /** Stores a session returned by login (or null after logout) without a round trip. */
  setSession: (session: Session | null) => void;
  markPasswordChanged: () => void;
  logout: () => Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

async function fetchSession(): Promise<Session | null> {
  // No CSRF cookie, no session (the server sets both at login and clears both at logout): asking would only earn a
  // 401, which the browser logs in red on every visit to the login page.
  if (!readCookie('rl_csrf')) return null;
  try {
    return await ok(client.GET('/auth/session'), { noAuthRedirect: true });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: Number.POSITIVE_INFINITY });

  // A page restored from the back/forward cache (Back from the customer page in pad mode) shows what it showed
  // when left: ask the server again, so a session locked meanwhile lands on the lock screen.
  useEffect(() => {
    const onPageShow = (event: PageTransitionEvent) => {
      if (event.persisted) void queryClient.invalidateQueries({ queryKey: SESSION_KEY });
    };
    window.addEventListener('pageshow', onPageShow);
    return () => window.removeEventListener('pageshow', onPageShow);
  }, [queryClient]);

  const setSession = useCallback(
    (session: Session | null) => {
      if (session === null) {
        queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
      }
      queryClient.setQueryData(SESSION_KEY, session);
    },
    [queryClient],
  );

  const markPasswordChanged = useCallback(() => {
    queryClient.setQueryData<Session | null>(SESSION_KEY, (old) => (old ? { ...old, mustChangePassword: false } : old));
  }, [queryClient]);

  const logout = useCallback(async () => {
    try {
      await ok(client.POST('/auth/logout'), { noAuthRedirect: true });
    } finally {
      setSession(null);
    }
  }, [setSession]);

  const value = useMemo<AuthState>(
    () => ({
      session: query.data ?? null,
      loading: query.isPending,
      setSession,
      markPasswordChanged,
      logout,
    }),
    [query.data, query.isPending, setSession, markPasswordChanged, logout],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}
