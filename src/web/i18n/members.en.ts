/** English messages of the engineer's and department's report pages (issue 18 §1); merged into en.ts. */
export const membersEn = {
  myTitle: 'My report',
  rankOf: '#{{rank}} of {{of}}',
  scoreHelp:
    'The fair score of the rankings: the average pulled towards everyone’s mean by 10 ratings’ worth, so a few ratings cannot decide the rank.',
  n: 'Ratings with a score',
  peerMean: 'everyone: {{mean}}',
  insufficient:
    '{{n}} ratings with a score in this period: fewer than {{minSample}}, so not ranked yet. The figures below are shown but say little.',
  shared_one: '{{count}} of the {{total}} ratings was shared with other engineers (it counts fully for each of them).',
  shared_other:
    '{{count}} of the {{total}} ratings were shared with other engineers (each counts fully for each of them).',
  sharedTag: 'Shared',
  drift: 'Weekly control chart (drift watch)',
  profile: 'Profile by dimension',
  peers: 'Everyone',
  dimension: 'Dimension',
  answers: 'Answers',
  noDimensions: 'No dimension was answered in this period.',
  radarSummary: 'Radar of {{count}} dimensions against everyone; furthest below: {{weakest}}.',
  ratings: 'The ratings',
  allRatings: 'Open in the ratings list',
  engineers: 'Engineers',
  onlyNegative: 'Negative only',
  noRatings: 'No ratings in this period.',
};
