import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type Answer, client, ok } from '../../api/client';
import { type CsvImportConfig, CsvImportModal } from '../../components/CsvImportModal';
import { workOrderKeys } from './workOrdersApi';

type WorkOrderImport = Answer<'/work-order-imports/{id}'>;

export const WORK_ORDER_CSV_HEADER =
  'externalId,number,subject,serviceType,recordType,customerName,customerPhone,customerEmail,customerWechatOpenId,customerLocale,engineers,department,store,touchpoint,priority,status';

const TEMPLATE = `${WORK_ORDER_CSV_HEADER}\r\nCRM-10001,,空调不制冷上门维修,repair,warranty,王先生,13800000000,wang@example.com,,zh-CN,E0001;E0002,EAST,上海徐汇店,onsite,normal,completed\r\n`;

/** The work orders' CSV import: the shared modal configured with its endpoint, header and template. */
export function WorkOrderImportModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const config = useMemo(
    (): CsvImportConfig<WorkOrderImport> => ({
      title: t('workOrders.import.title'),
      jobKey: 'work-order-imports',
      invalidates: workOrderKeys.all,
      start: (csv, mode) => ok(client.POST('/work-order-imports', { body: { csv, mode } })),
      poll: (id) => ok(client.GET('/work-order-imports/{id}', { params: { path: { id } } })),
      header: WORK_ORDER_CSV_HEADER,
      template: { filename: 'work-orders-template.csv', text: TEMPLATE },
      hint: t('workOrders.import.hint'),
      summary: (job) => ({
        title: t('workOrders.import.result', { created: job.created, updated: job.updated }),
        imported: job.created + job.updated,
      }),
    }),
    [t],
  );
  return <CsvImportModal open={open} onClose={onClose} config={config} />;
}
