/** English messages of the comment keywords (issue 18 §3); merged into en.ts. */
export const keywordsEn = {
  title: 'Comment keywords',
  intro: 'The words customers use most in their comments, each counted once per comment.',
  comments: '{{count}} comments',
  empty: 'No comments in this period.',
  count: '{{count}} comments',
  share: '{{share}} of comments',
  previous: 'Previous period: {{count}}',
  previousHeader: 'Previous period',
  rising: 'Rising',
  risingHelp: 'At least 3 comments and absent before, or its share up by half or more against the previous period.',
  risingMark: '▲',
  linkLabel: '{{term}}: {{count}} comments — show the ratings',
  asTable: 'Show as list',
  asTags: 'Show as tags',
  term: 'Keyword',
  editDictionary: 'Dictionary',
  filterTag: 'Keyword: {{keyword}}',
  dictionary: {
    title: 'Keyword dictionary',
    intro:
      'Words the Chinese word segmentation keeps whole (after-sales terms such as 售后, 回访, 压缩机, 外机). Saving a changed list segments every comment again in the background; the keyword figures fill up again meanwhile.',
    placeholder: 'Type a word and press Enter',
    save: 'Save',
    reset: 'Undo changes',
    saved: 'Saved. Comments are being segmented again.',
    unchanged: 'Saved (no change).',
    count: '{{count}} / {{max}} words',
    tooLong: 'At most {{max}} characters per word, without spaces: {{words}}',
    readOnly: 'Only administrators can change the dictionary.',
    reextraction: {
      queued:
        'Waiting to re-segment the comments with the new dictionary — keyword figures are incomplete until it finishes.',
      running:
        'Re-segmenting comments with the new dictionary: {{done}} of {{total}} — keyword figures are incomplete until it finishes.',
      progress: 'Re-segmenting progress',
      done: 'Comments last re-segmented with this dictionary: {{time}}',
      failed: 'Re-segmenting the comments with the new dictionary failed.',
      failedHelp:
        'It is retried automatically a few times; saving the dictionary again starts it over. Keyword figures are incomplete until it succeeds.',
    },
  },
  reextracting:
    'Comments are being re-segmented with a new dictionary: these keywords are incomplete until it finishes.',
};
