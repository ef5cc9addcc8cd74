// A one-line label for toolbars and status rows: it asks for room for its whole text, but when a narrow window
// gives it less it ends the text with "…" (and shows it whole as a tooltip) instead of being cut off or
// forcing the whole row, and with it the window, wider than the screen.
#pragma once

#include <QLabel>

class ElidingLabel final : public QLabel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ElidingLabel)
public:
    explicit ElidingLabel(QWidget* parent = nullptr);

    QSize minimumSizeHint() const override;
    // What is painted at the current width: the text, or its start and "…".
    QString displayedText() const;
    bool isElided() const { return displayedText() != text(); }

protected:
    bool event(QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
};
