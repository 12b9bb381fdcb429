import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type Answer, client, ok, type RequestBody } from '../../api/client';
import { appKeys } from '../../app/queryKeys';

/** GET /settings/organisation: company name, logo, time zone, default language, sign-in before rating. */
export type OrganisationProfile = Answer<'/settings/organisation'>;
/** PATCH /settings/organisation: the fields to change (`settings.write`). */
export type OrganisationPatch = RequestBody<'/settings/organisation', 'patch'>;
export type CustomerLanguage = OrganisationProfile['defaultLanguage'];

/** The server's limits (settings.service.ts `organisationProfileSchema`). */
export const COMPANY_NAME_MAX = 100;
export const LOGO_URL_MAX = 500;

/** The form's values: the logo as text ('' = none). */
export interface OrganisationValues {
  companyName: string;
  logoUrl: string;
  timeZone: string;
  defaultLanguage: CustomerLanguage;
  requireSignInToRate: boolean;
}

export const toValues = (profile: OrganisationProfile): OrganisationValues => ({
  companyName: profile.companyName,
  logoUrl: profile.logoUrl ?? '',
  timeZone: profile.timeZone,
  defaultLanguage: profile.defaultLanguage,
  requireSignInToRate: profile.requireSignInToRate,
});

/**
 * The PATCH body: only what differs from the saved profile (trimmed; an empty logo is `null`), so saving the same
 * time zone never asks for an analytics rebuild. Empty when nothing changed.
 */
export function toPatch(saved: OrganisationProfile, values: Partial<OrganisationValues>): OrganisationPatch {
  const patch: OrganisationPatch = {};
  const companyName = values.companyName?.trim();
  if (companyName !== undefined && companyName !== saved.companyName) patch.companyName = companyName;
  if (values.logoUrl !== undefined) {
    const logoUrl = values.logoUrl.trim() || null;
    if (logoUrl !== saved.logoUrl) patch.logoUrl = logoUrl;
  }
  if (values.timeZone !== undefined && values.timeZone !== saved.timeZone) patch.timeZone = values.timeZone;
  if (values.defaultLanguage !== undefined && values.defaultLanguage !== saved.defaultLanguage) {
    patch.defaultLanguage = values.defaultLanguage;
  }
  if (values.requireSignInToRate !== undefined && values.requireSignInToRate !== saved.requireSignInToRate) {
    patch.requireSignInToRate = values.requireSignInToRate;
  }
  return patch;
}

/** An absolute http:// or https:// address, as the server accepts for the logo. */
export function isHttpUrl(value: string): boolean {
  if (value !== value.trim() || value === '') return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** "UTC+08:00" for a zone at `at` (its offset then: daylight saving moves it), '' when the runtime cannot say. */
export function utcOffset(timeZone: string, at: Date): string {
  try {
    const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(at)
      .find((part) => part.type === 'timeZoneName')?.value;
    if (!name) return '';
    return name === 'GMT' ? 'UTC+00:00' : name.replace(/^GMT/, 'UTC');
  } catch {
    return '';
  }
}

/**
 * The time zones to choose from: every IANA zone the browser knows (`Intl.supportedValuesOf`), plus the saved one
 * when the list lacks it (an alias such as Asia/Calcutta, or UTC, which some browsers leave out), each labelled with
 * its current offset; sorted by name.
 */
export function timeZoneOptions(saved: string | undefined, at = new Date()): { value: string; label: string }[] {
  let zones: string[];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = ['Asia/Shanghai', 'UTC'];
  }
  const all = new Set(zones);
  if (!all.has('UTC')) all.add('UTC');
  if (saved) all.add(saved);
  return [...all]
    .sort((a, b) => a.localeCompare(b))
    .map((zone) => {
      const offset = utcOffset(zone, at);
      return { value: zone, label: offset ? `${zone} (${offset})` : zone };
    });
}

/** The profile; other screens read it too (the time zone of periods, the company name in previews). */
export function useOrganisationProfile() {
  return useQuery({
    queryKey: appKeys.organisation,
    queryFn: () => ok(client.GET('/settings/organisation')),
  });
}

/** Saves changed fields; every screen reading the profile (appKeys.organisation) gets the new one. */
export function useSaveOrganisationProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: OrganisationPatch) => ok(client.PATCH('/settings/organisation', { body: patch })),
    onSuccess: (saved) => {
      queryClient.setQueryData<OrganisationProfile>(appKeys.organisation, saved);
      void queryClient.invalidateQueries({ queryKey: appKeys.organisation });
    },
  });
}
