#include "GuiTestSupport.h"

#include "shell/UserPrompts.h"

#include <QAbstractItemView>
#include <QComboBox>
#include <QStandardPaths>

namespace GuiTestSupport {

void enterTestMode()
{
    QStandardPaths::setTestModeEnabled(true);
    UserPrompts::setTestMode(true);
}

bool isQtInternalPart(QWidget* widget)
{
    for (QWidget* parent = widget->parentWidget(); parent; parent = parent->parentWidget())
        if (qobject_cast<QAbstractItemView*>(parent) || qobject_cast<QComboBox*>(parent))
            return true;
    return false;
}

} // namespace GuiTestSupport
