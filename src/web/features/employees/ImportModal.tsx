import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api/client';
import type { EmployeeImport } from '../../app/types';
import { type CsvImportConfig, CsvImportModal } from '../../components/CsvImportModal';
import { CSV_HEADER, employeeCsvTemplate } from './csvTemplate';

/** The employees' CSV import: the shared modal configured with its endpoint, header and template. */
export function ImportModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const config = useMemo(
    (): CsvImportConfig<EmployeeImport> => ({
      title: t('import.title'),
      jobKey: 'employee-imports',
      invalidates: ['employees'],
      start: (csv, mode) => ok(client.POST('/employee-imports', { body: { csv, mode } })),
      poll: (id) => ok(client.GET('/employee-imports/{id}', { params: { path: { id } } })),
      header: CSV_HEADER,
      template: { filename: 'employees-template.csv', text: employeeCsvTemplate() },
      hint: t('import.rolesHint'),
      summary: (job) => ({ title: t('import.imported', { count: job.imported }), imported: job.imported }),
      width: 720,
    }),
    [t],
  );
  return <CsvImportModal open={open} onClose={onClose} config={config} />;
}
