import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import Keyboard from 'react-simple-keyboard';
import 'react-simple-keyboard/build/css/index.css';
import { useUi, type KeyboardTarget } from '../stores/ui';

/** Latin first: host names, ports and PEM are Latin; Cyrillic is there for labels. */
const LAYOUTS: Record<'latin' | 'cyrillic', { default: string[]; shift: string[] }> = {
  latin: {
    default: ['1 2 3 4 5 6 7 8 9 0 - {bksp}', 'q w e r t y u i o p _', 'a s d f g h j k l : {enter}', '{shift} z x c v b n m , . /', '{abc} {space} {hide}'],
    shift: ['! @ # $ % ^ & * ( ) + {bksp}', 'Q W E R T Y U I O P =', 'A S D F G H J K L ; {enter}', '{shift} Z X C V B N M < > ?', '{abc} {space} {hide}'],
  },
  cyrillic: {
    default: ['1 2 3 4 5 6 7 8 9 0 - {bksp}', 'й ц у к е н г ш щ з х ъ', 'ф ы в а п р о л д ж э {enter}', '{shift} я ч с м и т ь б ю .', '{abc} {space} {hide}'],
    shift: ['! " № ; % : ? * ( ) + {bksp}', 'Й Ц У К Е Н Г Ш Щ З Х Ъ', 'Ф Ы В А П Р О Л Д Ж Э {enter}', '{shift} Я Ч С М И Т Ь Б Ю ,', '{abc} {space} {hide}'],
  },
};

type Script = keyof typeof LAYOUTS;

function typeInto(target: KeyboardTarget, button: string): void {
  const value = target.read();
  if (button === '{bksp}') target.write(value.slice(0, -1));
  else if (button === '{space}') target.write(`${value} `);
  else if (!button.startsWith('{')) target.write(value + button);
}

/**
 * The on-screen keyboard, loaded only when a finger first focuses a text
 * field. It never takes focus (pointer down is cancelled), so the field keeps
 * its caret and a screen reader stays on the field.
 */
export default function OnScreenKeyboard({ target }: { target: KeyboardTarget }) {
  const { t } = useTranslation();
  const closeKeyboard = useUi((s) => s.closeKeyboard);
  const [script, setScript] = useState<Script>('latin');
  const [shifted, setShifted] = useState(false);

  const onKeyPress = (button: string) => {
    if (button === '{shift}') setShifted((s) => !s);
    else if (button === '{abc}') setScript((s) => (s === 'latin' ? 'cyrillic' : 'latin'));
    else if (button === '{hide}') closeKeyboard();
    else if (button === '{enter}') {
      if (target.submit) {
        closeKeyboard();
        target.submit();
      } else target.write(`${target.read()}\n`);
    } else {
      typeInto(target, button);
      if (shifted) setShifted(false);
    }
  };

  return (
    <div className="osk" role="group" aria-label={t('keyboard.label')} onPointerDown={(e) => e.preventDefault()} onMouseDown={(e) => e.preventDefault()}>
      <Keyboard
        layout={LAYOUTS[script]}
        layoutName={shifted ? 'shift' : 'default'}
        display={{
          '{bksp}': t('keyboard.backspace'),
          '{enter}': t('keyboard.enter'),
          '{shift}': t('keyboard.shift'),
          '{space}': t('keyboard.space'),
          '{abc}': script === 'latin' ? 'АБВ' : 'ABC',
          '{hide}': t('keyboard.hide'),
        }}
        onKeyPress={onKeyPress}
        preventMouseDownDefault
        disableButtonHold
      />
    </div>
  );
}
