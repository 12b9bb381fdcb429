import { Alert, Card, Col, Empty, Form, InputNumber, Progress, Row, Slider, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatScore, isScoredDimension, weightPercentages } from '../../../common/scoring';
import { type DraftValues, toDraftBody } from './draft';

/** Weight sliders for the scored dimensions, each with its resulting share of S. */
export function WeightsPanel({ readOnly }: { readOnly: boolean }) {
  const { t, i18n } = useTranslation();
  const form = Form.useFormInstance<DraftValues>();
  const values = Form.useWatch([], form) as Partial<DraftValues> | undefined;
  const body = toDraftBody(values);
  const shares = weightPercentages(body);
  const percentOf = new Map(shares.dimensions.map((share) => [share.key, share.percent]));
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const scored = body.dimensions.map((d, index) => ({ d, index })).filter(({ d }) => isScoredDimension(d));
  const rawTotal = scored.reduce((sum, { d }) => sum + d.weight, 0);

  return (
    <Card size="small" title={t('templates.weights.title')} data-testid="weights-panel">
      {scored.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('templates.weights.noneScored')} />
      ) : (
        <>
          {!body.weighting ? (
            <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('templates.weights.off')} />
          ) : rawTotal === 0 ? (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 12 }}
              title={t('templates.weights.allZero')}
              data-testid="weights-zero"
            />
          ) : Math.abs(rawTotal - 100) > 1e-9 ? (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              data-testid="weights-warning"
              title={t('templates.weights.notHundred', { total: formatScore(rawTotal, 1) })}
              description={t('templates.weights.notHundredHelp')}
            />
          ) : null}
          {scored.map(({ d, index }) => {
            const percent = percentOf.get(d.key) ?? null;
            return (
              <Row key={`${index}-${d.key}`} gutter={12} align="middle" data-testid={`weight-row-${index}`}>
                <Col flex="160px">
                  <Typography.Text ellipsis style={{ maxWidth: 160 }}>
                    {d.label[lang] || d.label['zh-CN'] || d.label.en || d.key || t('templates.editor.untitled')}
                  </Typography.Text>
                </Col>
                {body.weighting ? (
                  <>
                    <Col flex="auto">
                      <Form.Item name={['dimensions', index, 'weight']} noStyle>
                        <Slider
                          min={0}
                          max={100}
                          disabled={readOnly}
                          ariaLabelForHandle={t('templates.weights.weightOf', { name: d.key })}
                        />
                      </Form.Item>
                    </Col>
                    <Col flex="88px">
                      <Form.Item name={['dimensions', index, 'weight']} noStyle>
                        <InputNumber
                          min={0}
                          max={1000}
                          size="small"
                          disabled={readOnly}
                          style={{ width: 80 }}
                          data-testid={`weight-input-${index}`}
                          aria-label={t('templates.weights.weightOf', { name: d.key })}
                        />
                      </Form.Item>
                    </Col>
                  </>
                ) : (
                  <Col flex="auto">
                    <Progress percent={percent ?? 0} showInfo={false} size="small" />
                  </Col>
                )}
                <Col flex="64px" style={{ textAlign: 'right' }}>
                  <Typography.Text strong data-testid={`weight-percent-${index}`}>
                    {percent === null ? '—' : `${formatScore(percent, 1)}%`}
                  </Typography.Text>
                </Col>
              </Row>
            );
          })}
        </>
      )}
    </Card>
  );
}
